/**
 * The harness server serves the working tree to a browser, so what it must not serve matters as much as
 * what it serves. No browser needed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { startOverlayServer, type OverlayServer } from '../../dev/overlay/server';

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
function get(path: string): Promise<{ status: number; type: string; body: string }> {
  const { hostname, port } = new URL(server.url);
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
