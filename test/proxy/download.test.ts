/**
 * The report download proxy end to end over 127.0.0.1: tokens issued through integration.js's
 * onMessage, redeemed at the proxy, which fetches the PDF from the ThreatConnect simulator with the
 * requesting user's signature and streams it back.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { startSimulator, DEMO_ENTITIES, DEMO_USER, type Simulator } from '../../dev/sim';
import { callOnce, entity, lookupOptions, recordingLogger, type RecordingLogger } from '../helpers/polarity';
import type { DownloadTokenReply, ErrorReply, TcDetails } from '../../lib/types/details';
import type { PolarityOptions, PolarityResult } from '../../lib/types/polarity';
import {
  startReportProxy,
  startReportProxyFromConfig,
  stopReportProxy
} from '../../lib/report-proxy/service';
import { isReportProxyEnabled } from '../../lib/report-proxy/state';
import { UPSTREAM_FAILURE_MESSAGE, type ReportProxy } from '../../lib/report-proxy/server';
import { resetLimiters } from '../../lib/limiter';
import { readSettings } from '../../lib/settings';
import { clientFor } from '../../lib/context';
import { fetchUrl, freePort, proxyConfig, SECURITY_HEADERS, type Fetched } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const integration = require('../../integration.js') as typeof import('../../integration');

let sim: Simulator;
let logger: RecordingLogger;
let proxy: ReportProxy;
let clock = Date.now();

const pdfGroups = () => sim.dataset.groups.filter((g) => g.pdf !== undefined);
/** What reached TC's PDF endpoint; issuing a token reads the group, which is not counted here. */
const pdfRequests = () => sim.requests.filter((r) => r.path.endsWith('/pdf'));

async function tokenFor(groupId: unknown, options: PolarityOptions = lookupOptions(sim, DEMO_USER)) {
  const outcome = await callOnce<object>((cb) =>
    integration.onMessage({ action: 'GET_DOWNLOAD_TOKEN', groupId }, options, cb)
  );
  return outcome as { err: typeof outcome.err; result?: DownloadTokenReply & Partial<ErrorReply> };
}

async function issue(groupId: unknown, options?: PolarityOptions): Promise<string> {
  const { err, result } = await tokenFor(groupId, options);
  assert.equal(err, null);
  assert.equal(result?.error, undefined, result?.error?.detail);
  assert.match(result?.token ?? '', /^[0-9a-f]{128}$/);
  return result?.token as string;
}

function proxyUrl(path: string): string {
  return `http://127.0.0.1:${proxy.address?.port}${path}`;
}

function download(token: string): Promise<Fetched> {
  return fetchUrl(proxyUrl(`/download/${token}`));
}

function assertSecurityHeaders(res: Fetched): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) assert.equal(res.headers[name], value, name);
  assert.equal(res.headers['strict-transport-security'], undefined, 'no HSTS over plain HTTP');
}

function assertNotFound(res: Fetched, what: string): void {
  assert.equal(res.status, 404, what);
  assert.equal(res.body.toString(), 'Not Found\n', what);
  assertSecurityHeaders(res);
}

before(async () => {
  sim = await startSimulator();
});
after(async () => {
  await stopReportProxy();
  await sim.close();
  await resetLimiters();
});
beforeEach(async () => {
  logger = recordingLogger();
  integration.startup(logger);
  sim.resetLog();
  sim.clearFaults();
  proxy = await startReportProxy(proxyConfig({ downloadTokenDuration: 30 }), { now: () => clock });
});
afterEach(async () => {
  await integration.shutdown();
  const text = logger.text();
  assert.ok(!text.includes(DEMO_USER.apiKey), 'the API key appeared in a log line');
  assert.ok(!/TC [^\s:]+:/.test(text), 'an Authorization header appeared in a log line');
  assert.ok(!/[0-9a-f]{128}/.test(text), 'a download token appeared in a log line');
});

describe('GET_DOWNLOAD_TOKEN', () => {
  test('issues a token for a numeric group id, as a number or a decimal string', async () => {
    const [group] = pdfGroups();
    await issue(group.id);
    await issue(String(group.id));
  });

  test('refuses ids that are not positive integers, as a business error', async () => {
    for (const groupId of ['12a', '0x1f', '1e3', '-4', 0, -4, 2.5, null, undefined, {}, '../1']) {
      const { err, result } = await tokenFor(groupId);
      assert.equal(err, null);
      assert.deepEqual(result, { error: { detail: 'groupId must be a positive integer' } }, String(groupId));
    }
  });

  test('refuses when the proxy is not running; lookups and details say whether Download is on', async () => {
    const [group] = pdfGroups();
    const hit = DEMO_ENTITIES.find((d) => d.owners.length > 0);
    assert.ok(hit);
    const options = lookupOptions(sim, DEMO_USER);
    const lookup = () =>
      callOnce<PolarityResult<TcDetails>[]>((cb) => integration.doLookup([entity(hit.value)], options, cb));
    const on = (await lookup()).result?.[0];
    assert.equal(on?.data?.details.reportProxyEnabled, true);

    await integration.shutdown();
    assert.equal(isReportProxyEnabled(), false);
    const { result } = await tokenFor(group.id);
    assert.deepEqual(result, {
      error: { detail: 'Report downloads are not enabled on this Polarity server' }
    });
    assert.equal((await lookup()).result?.[0].data?.details.reportProxyEnabled, false);
    // Details cached while the proxy ran are corrected when the analyst opens them.
    const details = await callOnce<{ details: TcDetails }>((cb) =>
      integration.onDetails({ entity: entity(hit.value), data: on?.data }, options, cb)
    );
    assert.equal(details.result?.details.reportProxyEnabled, false);
  });
});

describe('GET_DOWNLOAD_TOKEN reads the group first and refuses what the integration may not serve', () => {
  const groupNamed = (name: string) => {
    const group = sim.dataset.groups.find((g) => g.name === name);
    assert.ok(group, name);
    return group;
  };
  /** An exportable group in Analysts' Community and one in Demo Organization. */
  const community = () => groupNamed('Botnet resurgence');
  const demo = () => groupNamed('Q3 Phishing Wave');
  const restricted = (overrides: Partial<PolarityOptions>) => lookupOptions(sim, DEMO_USER, overrides);

  async function assertRefused(groupId: number, options: PolarityOptions, detail: string): Promise<void> {
    sim.resetLog();
    const { err, result } = await tokenFor(groupId, options);
    assert.equal(err, null);
    assert.deepEqual(result, { error: { detail } });
    assert.deepEqual(
      sim.requests.map((r) => `${r.method} ${r.path}`),
      [`GET /api/v3/groups/${groupId}`],
      'the group was read, signed as the user, and no PDF was asked for'
    );
    assert.match(logger.text(), /Overlay action refused/);
  }

  async function assertDownloads(groupId: number, options: PolarityOptions): Promise<void> {
    const group = sim.dataset.getGroup(groupId);
    assert.ok(group?.pdf);
    const res = await download(await issue(groupId, options));
    assert.equal(res.status, 200);
    assert.ok(res.complete);
    assert.ok(res.body.equals(group.pdf), 'byte for byte');
  }

  test('an owner outside the allowlist is refused; an owner on it still downloads', async () => {
    const options = restricted({ searchAllowlist: 'Demo Organization' });
    await assertRefused(
      community().id,
      options,
      `The integration is not permitted to download reports of groups owned by "Analysts' Community"`
    );
    await assertDownloads(demo().id, options);
  });

  test('an owner on the blocklist is refused, whatever the case; other owners still download', async () => {
    const options = restricted({ searchBlocklist: "analysts' COMMUNITY" });
    await assertRefused(
      community().id,
      options,
      `The integration is not permitted to download reports of groups owned by "Analysts' Community"`
    );
    await assertDownloads(demo().id, options);
  });

  test('a group that does not exist, or that the user cannot see, is not found', async () => {
    const options = lookupOptions(sim, DEMO_USER);
    await assertRefused(999_999_999, options, 'Group 999999999 was not found in ThreatConnect');
    const partner = groupNamed('Partner-only report');
    await assertRefused(partner.id, options, `Group ${partner.id} was not found in ThreatConnect`);
  });

  test('a group of a type TC cannot export as PDF is refused', async () => {
    const options = lookupOptions(sim, DEMO_USER);
    for (const [name, type] of [
      ['phish-kit-notes.pdf', 'Document'],
      ['Invoice overdue', 'Email'],
      ['EICAR YARA rule', 'Signature']
    ]) {
      const group = groupNamed(name);
      assert.equal(group.type, type);
      await assertRefused(group.id, options, `${type} groups cannot be exported as PDF`);
    }
  });

  test('without an owner filter every exportable group the user sees downloads byte for byte', async () => {
    const options = lookupOptions(sim, DEMO_USER);
    const visible = pdfGroups().filter((g) => DEMO_USER.owners.includes(g.ownerName));
    assert.ok(visible.some((g) => g.ownerName !== 'Demo Organization'));
    for (const group of visible) await assertDownloads(group.id, options);
  });

  test('ThreatConnect failing to answer about the group is an error reply, not a token', async () => {
    sim.addFault({ path: /\/groups\/\d+$/, kind: 'status', status: 403, times: 1 });
    const { err, result } = await tokenFor(demo().id);
    assert.equal(err, null);
    assert.equal(result?.token, undefined);
    assert.equal(typeof result?.error?.detail, 'string');
    assert.equal(sim.requests.filter((r) => r.path.endsWith('/pdf')).length, 0);
  });
});

describe('download', () => {
  test('streams the PDF byte for byte as an attachment, signed as the requesting user', async () => {
    const [group] = pdfGroups();
    const res = await download(await issue(group.id));
    assert.equal(res.status, 200);
    assert.ok(res.complete);
    assert.ok(group.pdf && res.body.equals(group.pdf), 'the bytes the simulator serves');
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.headers['content-length'], String(group.pdf?.length));
    const name = `${group.name.replace(/[^A-Za-z0-9 ._-]/g, '_')}.pdf`;
    assert.equal(
      res.headers['content-disposition'],
      `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`
    );
    assertSecurityHeaders(res);
    const upstream = sim.requests.filter((r) => r.path === `/api/v3/groups/${group.id}/pdf`);
    assert.equal(upstream.length, 1);
    assert.equal(upstream[0].accessId, DEMO_USER.accessId);
    assert.ok(upstream[0].authOk, 'the simulator verified the signature');
  });

  test('a token works once', async () => {
    const [group] = pdfGroups();
    const token = await issue(group.id);
    assert.equal((await download(token)).status, 200);
    assertNotFound(await download(token), 'second use');
    assert.equal(pdfRequests().length, 1, 'the second use never reached ThreatConnect');
  });

  test('two requests racing for one token: exactly one gets the file', async () => {
    const [group] = pdfGroups();
    const token = await issue(group.id);
    const statuses = (await Promise.all([download(token), download(token), download(token)])).map(
      (r) => r.status
    );
    assert.deepEqual(statuses.sort(), [200, 404, 404]);
  });

  test('a token expires after downloadTokenDuration', async () => {
    const [group] = pdfGroups();
    const token = await issue(group.id);
    clock += 30_000;
    assertNotFound(await download(token), 'expired');
    assert.equal(pdfRequests().length, 0);
  });

  test('unknown and malformed tokens, other paths and other methods are 404 with no detail', async () => {
    const [group] = pdfGroups();
    const token = await issue(group.id);
    for (const path of [
      `/download/${'0'.repeat(128)}`,
      `/download/${token.slice(1)}`,
      `/download/${token}0`,
      `/download/${token.toUpperCase()}`,
      `/download/${token}/`,
      `/download/${token}?a=1`,
      `/download//${token}`,
      `/Download/${token}`,
      '/download/',
      '/',
      '/api/v3/groups/1/pdf',
      `/%64ownload/${token}`
    ]) {
      assertNotFound(await fetchUrl(proxyUrl(path)), path);
    }
    for (const method of ['HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const res = await fetchUrl(proxyUrl(`/download/${token}`), { method });
      assert.equal(res.status, 404, method);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', method);
    }
    assert.equal((await download(token)).status, 200, 'none of that consumed the token');
  });

  test('TC refusing before the first byte is a short 502 that never shows TC’s answer', async () => {
    const [group] = pdfGroups();
    sim.addFault({
      path: /\/pdf$/,
      kind: 'status',
      status: 500,
      times: 1,
      body: { status: 'Error', message: 'db1.internal.example exploded' }
    });
    sim.addFault({ path: /\/pdf$/, kind: 'reset', times: 1 });
    sim.addFault({ path: /\/pdf$/, kind: 'html', times: 1 });
    // The group was readable when the token was issued, yet TC has no PDF for it when it is redeemed.
    sim.addFault({ path: /\/pdf$/, kind: 'status', status: 404, times: 1 });
    for (const what of ['404', 'login page', 'connection reset', '500']) {
      const res = await download(await issue(group.id));
      assert.equal(res.status, 502, what);
      assert.equal(res.body.toString(), `${UPSTREAM_FAILURE_MESSAGE}\n`, what);
      assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
      assertSecurityHeaders(res);
    }
    assert.match(logger.text(), /db1\.internal\.example exploded/, 'the admin still sees why in the log');
  });

  test('credentials TC rejects get no token, or a 502 at download, and the key never leaves the server', async () => {
    const [group] = pdfGroups();
    const wrong = lookupOptions(sim, { accessId: DEMO_USER.accessId, apiKey: 'wrong-key-123' });
    const { err, result } = await tokenFor(group.id, wrong);
    assert.equal(err, null);
    assert.equal(result?.token, undefined, 'TC refused to show the group, so there is no token');
    assert.ok(result?.error?.detail && !result.error.detail.includes('wrong-key-123'));
    assert.equal(pdfRequests().length, 0);

    // A key revoked between issue and download: TC refuses the PDF itself.
    const token = proxy.issueToken({
      groupId: group.id,
      client: clientFor(readSettings(wrong)),
      username: 'analyst'
    });
    const res = await download(token);
    assert.equal(res.status, 502);
    assert.ok(!res.body.toString().includes('wrong-key-123'));
  });
});

describe('TC breaking off mid-download', () => {
  let tc: http.Server;
  let tcUrl: string;
  const full = Buffer.alloc(64 * 1024, 0x25);

  before(async () => {
    // Stands in for TC: describes any group as an exportable report, then sends part of its file and
    // drops the connection.
    tc = http.createServer((req, res) => {
      const groupRead = /^\/api\/v3\/groups\/(\d+)$/.exec(req.url ?? '');
      if (groupRead) {
        const group = { id: Number(groupRead[1]), ownerName: 'Demo Organization', type: 'Report', name: 'R' };
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ data: group, status: 'Success' }));
        return;
      }
      const chunked = req.url?.includes('/groups/2/');
      res.writeHead(200, {
        'Content-Type': 'application/pdf',
        ...(chunked ? {} : { 'Content-Length': String(full.length) })
      });
      res.write(full.subarray(0, 20_000), () => setTimeout(() => req.socket.destroy(), 20));
    });
    await new Promise<void>((resolve) => tc.listen(0, '127.0.0.1', resolve));
    tcUrl = `http://127.0.0.1:${(tc.address() as AddressInfo).port}/api`;
  });
  after(() => new Promise<void>((resolve) => tc.close(() => resolve())));

  test('aborts the browser’s download instead of ending a truncated file cleanly', async () => {
    for (const groupId of [1, 2]) {
      const token = await issue(groupId, lookupOptions({ url: tcUrl }, DEMO_USER));
      const res = await download(token);
      assert.equal(res.status, 200, 'the headers were already sent');
      assert.equal(res.complete, false, `group ${groupId}: the response must not complete`);
      assert.ok(res.body.length < full.length);
    }
    assert.match(logger.text(), /Report download broke off/);
  });
});

describe('file name', () => {
  let tc: http.Server;
  let tcUrl: string;
  const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');

  before(async () => {
    // Stands in for a TC that sends the PDF without a Content-Disposition of its own.
    tc = http.createServer((req, res) => {
      if (req.url === '/api/v3/groups/5') {
        const group = {
          id: 5,
          ownerName: 'Demo Organization',
          type: 'Campaign',
          name: 'Opération Sandcastle'
        };
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ data: group, status: 'Success' }));
      } else {
        res.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': String(pdf.length) });
        res.end(pdf);
      }
    });
    await new Promise<void>((resolve) => tc.listen(0, '127.0.0.1', resolve));
    tcUrl = `http://127.0.0.1:${(tc.address() as AddressInfo).port}/api`;
  });
  after(() => new Promise<void>((resolve) => tc.close(() => resolve())));

  test('is the group’s name when ThreatConnect gives the file none', async () => {
    const res = await download(await issue(5, lookupOptions({ url: tcUrl }, DEMO_USER)));
    assert.equal(res.status, 200);
    assert.ok(res.body.equals(pdf));
    assert.equal(
      res.headers['content-disposition'],
      'attachment; filename="Operation Sandcastle.pdf"; ' + "filename*=UTF-8''Op%C3%A9ration%20Sandcastle.pdf"
    );
  });
});

describe('lifecycle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tc-proxy-life-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a port already in use is a clear log error, not a crash', async () => {
    await integration.shutdown();
    const busy = http.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => busy.listen(port, '127.0.0.1', resolve));
    try {
      const path = join(dir, 'busy.json');
      writeFileSync(path, JSON.stringify({ enabled: true, port }));
      await startReportProxyFromConfig(path);
      assert.equal(isReportProxyEnabled(), false);
      const line = logger.lines.find(
        (l) => l.level === 'error' && /Report download proxy not started/.test(l.text)
      );
      assert.ok(line, logger.text());
      assert.match(line.text, new RegExp(`port 127\\.0\\.0\\.1:${port} is already in use`));
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  });

  test('startup leaves the proxy off as shipped; started from a config it listens; shutdown closes it', async () => {
    await integration.shutdown();
    integration.startup(logger);
    assert.equal(isReportProxyEnabled(), false, 'config/report-proxy-server.json ships disabled');

    const port = await freePort();
    const path = join(dir, 'on.json');
    writeFileSync(path, JSON.stringify({ enabled: true, port }));
    await startReportProxyFromConfig(path);
    assert.equal(isReportProxyEnabled(), true);
    assert.match(logger.text(), new RegExp(`"port":${port}.*Report download proxy listening`));
    assert.equal((await fetchUrl(`http://127.0.0.1:${port}/`)).status, 404);

    await integration.shutdown();
    assert.equal(isReportProxyEnabled(), false);
    await assert.rejects(fetchUrl(`http://127.0.0.1:${port}/`), /ECONNREFUSED/);
  });

  test('SIGTERM closes the proxy, then the process still exits on the signal', async () => {
    const port = await freePort();
    const path = join(dir, 'signal.json');
    writeFileSync(path, JSON.stringify({ enabled: true, port }));
    const lib = join(__dirname, '..', '..', 'lib');
    const script = `
      const log = (...a) => console.log(a.map(String).join(' '));
      require(${JSON.stringify(join(lib, 'logger.js'))}).setLogger({ trace() {}, debug() {}, info: log, warn: log, error: log });
      require(${JSON.stringify(join(lib, 'report-proxy', 'service.js'))})
        .startReportProxyFromConfig(${JSON.stringify(path)})
        .then(() => console.log('READY'));
      setInterval(() => {}, 1000); // stands in for Polarity's IPC channel keeping the process alive
    `;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('READY')) resolve();
      });
      child.once('exit', () => reject(new Error(`child exited early: ${out}`)));
    });
    assert.equal((await fetchUrl(`http://127.0.0.1:${port}/`)).status, 404);
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal))
    );
    child.kill('SIGTERM');
    assert.equal(await exited, 'SIGTERM');
    assert.match(out, /Report download proxy closed/);
    await assert.rejects(fetchUrl(`http://127.0.0.1:${port}/`), /ECONNREFUSED/);
  });
});
