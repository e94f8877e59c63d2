/**
 * `npm run preview`: the overlay for every demo entity, in a page a person can click through. The data is what
 * the built integration.js returns from the ThreatConnect simulator (doLookup, then onDetails, as Polarity does
 * when an overlay opens), and the page's sendIntegrationMessage goes to the real onMessage over POST
 * /api/message, so tags, ratings and false positives really change the simulator's data.
 *
 *   node dev/overlay/preview.js [--port N] [--report-proxy] [--screenshot FILE]
 *
 * --report-proxy also runs the report download proxy (on a free loopback port) and makes the preview's server
 * forward /_int/threatconnect/download/<token> to it as nginx does on a Polarity server, so the Download buttons
 * of associated groups save the simulator's PDFs. Without it the preview is as an installation left as shipped.
 *
 * --screenshot renders the first demo entity in headless Chromium, writes a PNG (the README's
 * assets/overlay.png) and exits.
 */
import * as path from 'node:path';
import { startSimulator, DEMO_ENTITY_VALUES, DEMO_USER, type Simulator } from '../sim';
import { entityFromValue } from '../../lib/detect';
import type {
  PolarityEntity,
  PolarityLogger,
  PolarityOptions,
  PolarityResult
} from '../../lib/types/polarity';
import type { TcDetails } from '../../lib/types/details';
import { REPORT_PROXY_DEFAULTS } from '../../lib/report-proxy/config';
import { startReportProxy } from '../../lib/report-proxy/service';
import { startOverlayServer, type MessageEnvelope, type OverlayServer } from './server';
import { launchChromium } from './browser';

// The built file, as Polarity loads it (package.json main), not the TypeScript source.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const integration = require('../../integration.js') as typeof import('../../integration');

type Details = { summary: string[]; details: TcDetails };

export interface PreviewArgs {
  port: number;
  screenshot: string | null;
  reportProxy: boolean;
}

const USAGE = 'usage: node dev/overlay/preview.js [--port N] [--report-proxy] [--screenshot FILE]';

export function parseArgs(argv: string[]): PreviewArgs {
  const args: PreviewArgs = { port: 0, screenshot: null, reportProxy: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === '--port' && value !== undefined && /^\d+$/.test(value)) args.port = Number(argv[++i]);
    else if (flag === '--report-proxy') args.reportProxy = true;
    else if (flag === '--screenshot' && value !== undefined) args.screenshot = path.resolve(argv[++i]);
    else throw new Error(`unknown or incomplete option ${JSON.stringify(flag)}\n${USAGE}`);
  }
  return args;
}

/** Polarity hands the integration a Bunyan logger; the preview only needs to surface problems. */
const logger: PolarityLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (...args) => console.warn('integration warn:', ...args),
  error: (...args) => console.error('integration error:', ...args),
  fatal: (...args) => console.error('integration fatal:', ...args)
};

/** The options Polarity would pass for an analyst of an instance configured for the simulator. */
function analystOptions(sim: Simulator): PolarityOptions {
  return {
    url: sim.url,
    accessId: DEMO_USER.accessId,
    apiKey: DEMO_USER.apiKey,
    searchInactiveIndicators: true,
    searchAllowlist: '',
    searchBlocklist: '',
    maxConcurrent: 10,
    minTime: 0,
    maxRequestUrlLength: 7000,
    _request: { user: { username: 'analyst', id: 1 } }
  };
}

function call<T>(fn: (cb: (err: unknown, result?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, result) => (err ? reject(err) : resolve(result as T))));
}

/** One block per demo entity that TC knows, with the details onDetails returns; misses get no block. */
async function demoBlocks(
  options: PolarityOptions
): Promise<Array<{ entity: PolarityEntity; data: Details }>> {
  const entities = DEMO_ENTITY_VALUES.map((value) => entityFromValue(value)).filter(
    (e): e is PolarityEntity => e !== undefined
  );
  const results = await call<PolarityResult<TcDetails>[]>((cb) =>
    integration.doLookup(entities, options, cb)
  );
  const blocks = [];
  for (const result of results) {
    if (!result.data) continue;
    const lookupObject = { ...result, isCached: false } as Parameters<typeof integration.onDetails>[0];
    const data = await call<Details>((cb) => integration.onDetails(lookupObject, options, cb));
    blocks.push({ entity: result.entity, data });
  }
  return blocks;
}

async function onMessage(payload: unknown, options: PolarityOptions): Promise<MessageEnvelope> {
  try {
    return { ok: true, reply: await call<object>((cb) => integration.onMessage(payload, options, cb)) };
  } catch (error) {
    return { ok: false, error };
  }
}

export interface Preview {
  sim: Simulator;
  server: OverlayServer;
  /** The report proxy's own URL, when the preview runs one. */
  reportProxy: string | null;
  /** The page to open: the overlay for the demo entities. */
  url: string;
  close(): Promise<void>;
}

export async function startPreview(
  port = 0,
  { reportProxy = false }: { reportProxy?: boolean } = {}
): Promise<Preview> {
  const sim = await startSimulator();
  try {
    // The shipped config/report-proxy-server.json leaves the proxy off, so startup starts none.
    integration.startup(logger);
    let proxyUrl: string | null = null;
    if (reportProxy) {
      // What "enabled": true in config/report-proxy-server.json starts, on any free port: a preview must not
      // fail because an installed integration already holds the configured one.
      const proxy = await startReportProxy({ ...REPORT_PROXY_DEFAULTS, enabled: true, port: 0 });
      proxyUrl = `http://127.0.0.1:${proxy.address?.port}`;
    }
    const options = analystOptions(sim);
    const server = await startOverlayServer({
      port,
      blocks: () => demoBlocks(options),
      onMessage: (payload) => onMessage(payload, options),
      reportProxy: proxyUrl ?? undefined
    });
    return {
      sim,
      server,
      reportProxy: proxyUrl,
      url: `${server.url}/?mode=preview`,
      close: async () => {
        await server.close();
        await integration.shutdown();
        await sim.close();
      }
    };
  } catch (err) {
    await integration.shutdown();
    await sim.close();
    throw err;
  }
}

/** The first demo entity (an address in three owners) as the README shows it. */
async function screenshot(preview: Preview, file: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(preview.url);
    await page.waitForFunction(() => {
      const h = (globalThis as { __harness?: { ready?: boolean; errors: string[] } }).__harness;
      return Boolean(h && (h.ready || h.errors.length > 0));
    });
    const errors = await page.evaluate(
      () => (globalThis as { __harness?: { errors: string[] } }).__harness?.errors
    );
    if (errors && errors.length > 0) throw new Error(`the preview page failed: ${errors.join('\n')}`);
    // Fonts must be in before the picture is taken, or the icons come out as boxes.
    await page.evaluate(
      () => (globalThis as { document?: { fonts: { ready: Promise<unknown> } } }).document?.fonts.ready
    );
    await page.locator('.harness-block').first().screenshot({ path: file });
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const preview = await startPreview(args.port, { reportProxy: args.reportProxy });
  if (args.screenshot) {
    try {
      await screenshot(preview, args.screenshot);
      console.log(`wrote ${args.screenshot}`);
    } finally {
      await preview.close();
    }
    return;
  }
  console.log(`ThreatConnect simulator: ${preview.sim.url}`);
  console.log(`Overlay preview for ${DEMO_ENTITY_VALUES.length} demo entities: ${preview.url}`);
  if (preview.reportProxy) {
    console.log(
      `Report download proxy: ${preview.reportProxy}; the preview forwards /_int/threatconnect/download/ to it ` +
        'as nginx would, so Download in the Associations tab saves the PDF.'
    );
  }
  console.log(
    'Actions go to the real onMessage and change the simulator; reload to look the entities up again.'
  );
  console.log('Ctrl-C stops it.');
  const stop = () => {
    preview.close().then(
      () => process.exit(0),
      () => process.exit(1)
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
