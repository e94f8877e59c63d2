/**
 * Starting and stopping the one proxy of the integration process. What `startup` calls logs and
 * swallows every failure: the proxy is an add-on, and lookups must keep working without it.
 */
import { ReportProxy } from './server';
import {
  readReportProxyConfig,
  readTlsFiles,
  REPORT_PROXY_CONFIG_PATH,
  type ReportProxyConfig
} from './config';
import { activeReportProxy, setActiveReportProxy } from './state';
import { toTcError } from '../tc/errors';
import { log } from '../logger';
import { INTEGRATION_ROOT } from '../context';

let starting: Promise<ReportProxy | undefined> | undefined;
let hooksInstalled = false;

export interface StartOptions {
  /** Folder that relative sslPrivateKey/sslCert paths are resolved against. */
  root?: string;
  now?: () => number;
}

/** Starts a proxy for `config` (whatever its `enabled` says) and makes it the active one. Rejects on failure. */
export async function startReportProxy(
  config: ReportProxyConfig,
  options: StartOptions = {}
): Promise<ReportProxy> {
  const tls = config.sslEnabled ? readTlsFiles(config, options.root ?? INTEGRATION_ROOT) : undefined;
  // One proxy per process: a previous one would hold the port the new one needs.
  await stopReportProxy();
  const proxy = new ReportProxy({ config, tls, now: options.now });
  try {
    await proxy.listen();
  } catch (err) {
    await proxy.close();
    throw err;
  }
  setActiveReportProxy(proxy);
  installShutdownHooks();
  return proxy;
}

/**
 * `startup`: reads config/report-proxy-server.json and starts the proxy when it is enabled and
 * not already running (Polarity may call startup again in the same process). Never rejects.
 */
export function startReportProxyFromConfig(
  path = REPORT_PROXY_CONFIG_PATH,
  options: StartOptions = {}
): Promise<void> {
  if (activeReportProxy() || starting) return starting?.then(() => undefined) ?? Promise.resolve();
  let config: ReportProxyConfig;
  try {
    config = readReportProxyConfig(path);
  } catch (err) {
    log.error(
      { err: toTcError(err).toPolarityError() },
      'Report download proxy not started: invalid configuration'
    );
    return Promise.resolve();
  }
  if (!config.enabled) return Promise.resolve();
  starting = startReportProxy(config, options).then(
    (proxy) => {
      const address = proxy.address;
      log.info(
        { host: address?.address, port: address?.port, https: proxy.https },
        'Report download proxy listening'
      );
      return proxy;
    },
    (err: unknown) => {
      log.error({ err: toTcError(err).toPolarityError() }, 'Report download proxy not started');
      return undefined;
    }
  );
  return starting.then(() => {
    starting = undefined;
  });
}

/** Closes the active proxy, if any. */
export async function stopReportProxy(): Promise<void> {
  const proxy = activeReportProxy();
  setActiveReportProxy(undefined);
  if (proxy) {
    await proxy.close();
    log.info('Report download proxy closed');
  }
}

const SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/**
 * Closes the proxy when the process is asked to stop. A signal listener replaces Node's default
 * "exit on signal", so after closing, the signal is raised again unless someone else (Polarity's
 * own runner) also listens and owns the exit.
 */
function installShutdownHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  for (const signal of SIGNALS) {
    const onSignal = (): void => {
      process.off(signal, onSignal);
      let raised = false;
      const reraise = (): void => {
        if (raised) return;
        raised = true;
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      };
      // Bounded: a close that hangs must not stop the process from exiting.
      const fallback = setTimeout(reraise, 2000);
      fallback.unref();
      void stopReportProxy().finally(() => {
        clearTimeout(fallback);
        reraise();
      });
    };
    process.on(signal, onSignal);
  }
  // The server is unref'd, so beforeExit comes once nothing else is left to do.
  process.once('beforeExit', () => void stopReportProxy());
}
