/**
 * The proxy as deployed: over HTTPS with a certificate made at test time, and behind a real nginx
 * from Debian running the block `npm run nginx-conf` prints. nginx missing is a failure, not a skip.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startSimulator, DEMO_USER, type Simulator } from '../../dev/sim';
import { lookupOptions } from '../helpers/polarity';
import { readSettings } from '../../lib/settings';
import { clientFor, loadConfig } from '../../lib/context';
import { resetLimiters } from '../../lib/limiter';
import { issueDownloadToken } from '../../lib/report-proxy/issue';
import { startReportProxy, stopReportProxy } from '../../lib/report-proxy/service';
import { readTlsFiles } from '../../lib/report-proxy/config';
import { nginxLocationBlock } from '../../lib/report-proxy/nginx';
import { ReportProxy } from '../../lib/report-proxy/server';
import { fetchUrl, freePort, proxyConfig, SECURITY_HEADERS } from './helpers';
import { selfSignedCert } from '../helpers/processes';

const NGINX = '/usr/sbin/nginx';

let sim: Simulator;
let dir: string;

const settings = () => readSettings(lookupOptions(sim, DEMO_USER));
const pdfGroup = () => {
  const group = sim.dataset.groups.find((g) => g.pdf !== undefined);
  assert.ok(group?.pdf);
  return { id: group.id, pdf: group.pdf };
};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tc-proxy-deploy-'));
  loadConfig();
  sim = await startSimulator();
});
after(async () => {
  await stopReportProxy();
  await sim.close();
  await resetLimiters();
  rmSync(dir, { recursive: true, force: true });
});

const NGINX_TEMP = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'];

/** A minimal nginx.conf in the temp folder: one server per upstream, each with the generated block. */
function nginxConf(servers: Array<{ listen: number; block: string }>): string {
  return [
    // As root, workers would otherwise switch to nobody, who cannot enter the 0700 temp folder.
    process.getuid?.() === 0 ? 'user root;' : '',
    'daemon off;',
    'worker_processes 1;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} warn;`,
    'events { worker_connections 64; }',
    'http {',
    '  access_log off;',
    ...NGINX_TEMP.map((sub) => `  ${sub}_temp_path ${join(dir, sub)};`),
    ...servers.flatMap(({ listen, block }) => [
      '  server {',
      `    listen 127.0.0.1:${listen};`,
      block,
      '  }'
    ]),
    '}',
    ''
  ].join('\n');
}

describe('deployed', () => {
  let httpProxy: ReportProxy;
  let httpsProxy: ReportProxy;
  let ca: Buffer;
  let nginx: ChildProcess;
  let nginxHttp: number;
  let nginxHttps: number;
  let stderr = '';
  const readLog = () =>
    existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';

  function waitForPort(port: number, deadline = Date.now() + 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const attempt = (): void => {
        const socket = connect(port, '127.0.0.1');
        socket.once('connect', () => {
          socket.destroy();
          resolve();
        });
        socket.once('error', () => {
          socket.destroy();
          if (nginx.exitCode !== null || Date.now() > deadline) {
            reject(new Error(`nginx did not start: ${stderr}${readLog()}`));
          } else setTimeout(attempt, 50);
        });
      };
      attempt();
    });
  }

  before(async () => {
    assert.ok(existsSync(NGINX), `${NGINX} is required: apt-get install nginx`);
    ca = selfSignedCert(dir).cert;
    httpProxy = await startReportProxy(proxyConfig());
    // Relative paths, as an admin writes them, resolved against the integration folder (here: dir).
    const httpsConfig = proxyConfig({ sslEnabled: true, sslPrivateKey: 'key.pem', sslCert: 'cert.pem' });
    httpsProxy = new ReportProxy({ config: httpsConfig, tls: readTlsFiles(httpsConfig, dir) });
    await httpsProxy.listen();

    [nginxHttp, nginxHttps] = [await freePort(), await freePort()];
    for (const sub of NGINX_TEMP) mkdirSync(join(dir, sub));
    const conf = join(dir, 'nginx.conf');
    const port = (p: ReportProxy) => p.address?.port as number;
    writeFileSync(
      conf,
      nginxConf([
        { listen: nginxHttp, block: nginxLocationBlock({ ...proxyConfig(), port: port(httpProxy) }) },
        { listen: nginxHttps, block: nginxLocationBlock({ ...httpsConfig, port: port(httpsProxy) }) }
      ])
    );
    nginx = spawn(NGINX, ['-e', join(dir, 'error.log'), '-p', dir, '-c', conf], {
      stdio: ['ignore', 'ignore', 'pipe']
    });
    nginx.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await waitForPort(nginxHttp);
    await waitForPort(nginxHttps);
  });
  after(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx.once('exit', resolve));
      nginx.kill('SIGTERM');
      await exited;
    }
    await httpsProxy?.close();
    await stopReportProxy();
  });

  test('HTTPS: the PDF over TLS, with HSTS added to the security headers', async () => {
    const group = pdfGroup();
    const token = httpsProxy.issueToken({
      groupId: group.id,
      client: clientFor(settings()),
      username: 'analyst'
    });
    const base = `https://127.0.0.1:${httpsProxy.address?.port}`;
    const res = await fetchUrl(`${base}/download/${token}`, { ca });
    assert.equal(res.status, 200);
    assert.ok(res.body.equals(group.pdf));
    for (const [name, value] of Object.entries(SECURITY_HEADERS))
      assert.equal(res.headers[name], value, name);
    assert.equal(res.headers['strict-transport-security'], 'max-age=31536000');

    const used = await fetchUrl(`${base}/download/${token}`, { ca });
    assert.equal(used.status, 404);
    assert.equal(used.headers['strict-transport-security'], 'max-age=31536000');
  });

  test('HTTPS: a key or certificate that cannot be read stops the start with a config error', async () => {
    assert.throws(
      () =>
        readTlsFiles(
          proxyConfig({ sslEnabled: true, sslPrivateKey: 'absent.pem', sslCert: 'cert.pem' }),
          dir
        ),
      /sslPrivateKey could not be read/
    );
  });

  test('nginx: /_int/threatconnect/download/<token> gets the PDF from an HTTP and an HTTPS proxy', async () => {
    const group = pdfGroup();
    const viaHttp = (await issueDownloadToken(settings(), group.id)).token;
    const viaHttps = httpsProxy.issueToken({
      groupId: group.id,
      client: clientFor(settings()),
      username: 'a'
    });
    for (const [port, token] of [
      [nginxHttp, viaHttp],
      [nginxHttps, viaHttps]
    ] as const) {
      const res = await fetchUrl(`http://127.0.0.1:${port}/_int/threatconnect/download/${token}`);
      assert.equal(res.status, 200, `${res.body.toString()}${readLog()}`);
      assert.ok(res.body.equals(group.pdf));
      assert.equal(res.headers['content-type'], 'application/pdf');
      assert.match(String(res.headers['content-disposition']), /^attachment; filename="/);
      assert.equal(res.headers['x-frame-options'], 'DENY');
    }
  });

  test('nginx: turns away tokens of the wrong length or alphabet', async () => {
    const { token } = await issueDownloadToken(settings(), pdfGroup().id);
    const base = `http://127.0.0.1:${nginxHttp}/_int/threatconnect/download/`;
    for (const bad of [token.slice(1), `${token.slice(0, 127)}-`, `${token}0`, `${token}/x`]) {
      const res = await fetchUrl(base + bad);
      assert.equal(res.status, 404, bad);
      assert.match(String(res.headers.server), /^nginx/, 'answered by nginx');
      assert.equal(res.headers['x-frame-options'], undefined, `${bad} never reached the proxy`);
    }
    // nginx matches the decoded path, so an escaped letter passes its pattern: the proxy refuses it.
    const escaped = await fetchUrl(`${base}${token.slice(0, 127)}%41`);
    assert.equal(escaped.status, 404);
    assert.equal(escaped.headers['x-frame-options'], 'DENY', 'answered by the proxy');
    const res = await fetchUrl(base + token);
    assert.equal(res.status, 200, 'the real token was still unused');
  });
});
