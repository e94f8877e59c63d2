/**
 * The harness server serves the working tree to a browser, so what it must not serve matters as much as
 * what it serves. No browser needed.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startOverlayServer, type OverlayServer } from '../../dev/overlay/server';
import { fetchUrl, freePort } from '../proxy/helpers';

let server: OverlayServer;

before(async () => {
  server = await startOverlayServer({
    onMessage: async (payload) => ({ ok: true, reply: { echoed: payload } }),
    blocks: async () => []
  });
});
after(async () => {
  await server.close();
});

/** A GET with the path sent exactly as written (fetch would normalise the dot segments away). */
function get(
  path: string,
  to: OverlayServer = server
): Promise<{ status: number; type: string; body: string }> {
  const { hostname, port } = new URL(to.url);
  return new Promise((resolve, reject) => {
    http
      .get({ hostname, port, path }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8')
          })
        );
      })
      .on('error', reject);
  });
}

test('serves the page, Ember from node_modules and the integration files from the working tree', async () => {
  const page = await get('/');
  assert.equal(page.status, 200);
  assert.match(page.body, /<script src="\/vendor\/ember\/ember\.debug\.js">/);
  assert.equal((await get('/vendor/ember/ember.debug.js')).status, 200);
  const component = await get('/integration/components/threatconnect.js');
  assert.equal(component.status, 200);
  assert.match(component.type, /^text\/javascript/);
  assert.match(component.body, /polarity\.export = PolarityComponent\.extend/);
});

test('compiles the integration .less to CSS on request', async () => {
  const css = await get('/integration/styles/threatconnect.less');
  assert.equal(css.status, 200);
  assert.match(css.type, /^text\/css/);
  assert.match(css.body, /^\.tc-block \{/m);
  assert.doesNotMatch(css.body, /@tc-/, 'less variables are resolved');
});

test('nothing outside its mounts is reachable, however the path is spelled', async () => {
  for (const path of [
    '/integration/components/../../package.json',
    '/integration/components/%2e%2e/%2e%2e/package.json',
    '/public/..%2f..%2f..%2fpackage.json',
    '/vendor/ember/../../../../package.json',
    '/package.json',
    '/integration/lib/actions.js'
  ]) {
    const { status, body } = await get(path);
    assert.equal(status, 404, path);
    assert.doesNotMatch(body, /"name": "threatconnect"/, path);
  }
});

test('the message endpoint takes JSON by POST only', async () => {
  const response = await fetch(`${server.url}/api/message`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'GET_FIELD' })
  });
  assert.deepEqual(await response.json(), { ok: true, reply: { echoed: { action: 'GET_FIELD' } } });
  assert.equal((await get('/api/message')).status, 405);
});

describe('report download forwarding, as the nginx location block does it', () => {
  const token = 'a1'.repeat(64);
  let upstream: http.Server;
  let forwarding: OverlayServer;
  let received: Array<{ method: string; url: string; host: string; realIp: string }>;
  /** What the stand-in proxy does with the next request. */
  let answer: (res: http.ServerResponse) => void;

  before(async () => {
    upstream = http.createServer((req, res) => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        host: String(req.headers.host),
        realIp: String(req.headers['x-real-ip'])
      });
      answer(res);
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const { port } = upstream.address() as AddressInfo;
    forwarding = await startOverlayServer({ reportProxy: `http://127.0.0.1:${port}` });
  });
  after(async () => {
    await forwarding.close();
    upstream.closeAllConnections();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });
  beforeEach(() => {
    received = [];
    answer = (res) => res.end('unexpected');
  });

  const pdf = Buffer.from('%PDF-1.4\n%\u00e2\u00e3\n', 'latin1');

  test('passes /_int/threatconnect/download/<token> to the proxy’s /download/<token>, answer as it comes', async () => {
    answer = (res) => {
      res.writeHead(200, {
        'Content-Type': 'application/pdf',
        'Content-Disposition': 'attachment; filename="r.pdf"',
        'X-Frame-Options': 'DENY',
        'Content-Length': String(pdf.length)
      });
      res.end(pdf);
    };
    const { host } = new URL(forwarding.url);
    const res = await fetchUrl(`${forwarding.url}/_int/threatconnect/download/${token}?ignored=1`);
    assert.deepEqual(received, [{ method: 'GET', url: `/download/${token}`, host, realIp: '127.0.0.1' }]);
    assert.equal(res.status, 200);
    assert.ok(res.complete && res.body.equals(pdf));
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.headers['content-disposition'], 'attachment; filename="r.pdf"');
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.equal(res.headers['content-length'], String(pdf.length));
  });

  test('the proxy’s refusals reach the browser unchanged', async () => {
    answer = (res) => {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not Found\n');
    };
    const res = await fetchUrl(`${forwarding.url}/_int/threatconnect/download/${token.toUpperCase()}`);
    assert.equal(received.length, 1, 'letters in either case pass, as the nginx pattern lets them');
    assert.equal(res.status, 404);
    assert.equal(res.body.toString(), 'Not Found\n');
  });

  test('anything but 128 letters or digits after the prefix never reaches the proxy', async () => {
    for (const path of [
      `/_int/threatconnect/download/${token.slice(1)}`,
      `/_int/threatconnect/download/${token}0`,
      `/_int/threatconnect/download/${token.slice(1)}-`,
      `/_int/threatconnect/download/${token}/`,
      `/_int/threatconnect/download/${token}/x`,
      `/_int/threatconnect/download/%2e%2e/${token.slice(3)}`,
      `/_int/other/download/${token}`,
      `/download/${token}`
    ]) {
      const { status } = await get(path, forwarding);
      assert.equal(status, 404, path);
    }
    assert.deepEqual(received, []);
  });

  test('a proxy that does not answer is a 502; one that breaks off mid-file cuts the browser’s connection', async () => {
    answer = (res) => {
      res.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': String(pdf.length * 4) });
      res.write(pdf, () => setTimeout(() => res.socket?.destroy(), 20));
    };
    const cut = await fetchUrl(`${forwarding.url}/_int/threatconnect/download/${token}`);
    assert.equal(cut.status, 200);
    assert.equal(cut.complete, false, 'a truncated PDF must not look complete');

    const closedPort = await freePort();
    const dead = await startOverlayServer({ reportProxy: `http://127.0.0.1:${closedPort}` });
    try {
      const res = await fetchUrl(`${dead.url}/_int/threatconnect/download/${token}`);
      assert.equal(res.status, 502);
    } finally {
      await dead.close();
    }
  });

  test('without a proxy the path is an ordinary 404, and only http: proxies are accepted', async () => {
    assert.equal((await get(`/_int/threatconnect/download/${token}`)).status, 404);
    await assert.rejects(startOverlayServer({ reportProxy: 'https://127.0.0.1:1' }), /must be an http: URL/);
  });
});
