import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, afterEach, before, describe, it } from 'node:test';
import { Simulator, startSimulator } from '../../dev/sim';
import { call, json } from './helpers';

describe('faults', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());
  afterEach(() => {
    sim.clearFaults();
    sim.resetLog();
  });

  it('status: a v3 error envelope with headers, before auth', async () => {
    sim.addFault({ kind: 'status', status: 503, headers: { 'Retry-After': '2' } });
    const res = await call(sim, 'GET', '/api/v3/security/owners', { unsigned: true });
    assert.equal(res.status, 503);
    assert.equal(res.headers['retry-after'], '2');
    assert.deepEqual(json(res), {
      status: 'Error',
      errCode: '0x1007',
      message: 'The service is temporarily unavailable. Try again later.'
    });
    assert.equal(sim.requests[0].fault, 'status');
    assert.equal(sim.requests[0].authOk, false);
  });

  it('status: the v2 envelope on /v2 routes and TC codes for 4xx', async () => {
    sim.addFault({ kind: 'status', status: 429 });
    const v2 = await call(sim, 'POST', '/api/v2/indicators/hosts/a.example/falsePositive');
    assert.deepEqual(json(v2), { status: 'Failure', message: 'Too many requests. Try again later.' });
    sim.clearFaults();
    sim.addFault({ kind: 'status', status: 404 });
    assert.equal(json(await call(sim, 'GET', '/api/v3/indicators')).errCode, '0x1004');
  });

  it('html: a login page, 200 unless told otherwise', async () => {
    sim.addFault({ kind: 'html' });
    const res = await call(sim, 'GET', '/api/v3/indicators');
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.match(res.text, /<title>ThreatConnect \| Sign In<\/title>/);
    sim.addFault({ kind: 'html', status: 502, body: '<h1>Bad Gateway</h1>' });
    const proxy = await call(sim, 'GET', '/api/v3/indicators');
    assert.deepEqual([proxy.status, proxy.text], [502, '<h1>Bad Gateway</h1>']);
  });

  it('empty: no body at all', async () => {
    sim.addFault({ kind: 'empty' });
    const res = await call(sim, 'GET', '/api/v3/indicators');
    assert.deepEqual([res.status, res.body.length, res.headers['content-length']], [200, 0, '0']);
  });

  it('invalid-json: truncated JSON labelled application/json', async () => {
    sim.addFault({ kind: 'invalid-json' });
    const res = await call(sim, 'GET', '/api/v3/indicators');
    assert.equal(res.headers['content-type'], 'application/json');
    assert.throws(() => JSON.parse(res.text), SyntaxError);
  });

  it('reset: the socket is destroyed', async () => {
    sim.addFault({ kind: 'reset' });
    await assert.rejects(call(sim, 'GET', '/api/v3/indicators'), (error: NodeJS.ErrnoException) => {
      assert.match(String(error.code ?? error.message), /ECONNRESET|socket hang up/);
      return true;
    });
    assert.equal(sim.requests[0].status, 0);
    assert.equal(sim.requests[0].fault, 'reset');
  });

  it('hang: no answer until the client gives up', async () => {
    sim.addFault({ kind: 'hang' });
    await assert.rejects(call(sim, 'GET', '/api/v3/indicators', { timeoutMs: 150 }), /client timeout/);
    assert.equal(sim.requests.length, 1);
    assert.equal(sim.requests[0].status, 0);
  });

  it('matches method and path (string or RegExp), counts times, and the newest rule wins', async () => {
    sim.addFault({ kind: 'status', status: 500, method: 'put' });
    sim.addFault({ kind: 'status', status: 502, path: '/api/v3/security/owners' });
    sim.addFault({ kind: 'status', status: 504, path: /^\/api\/v3\/indicators/, times: 2 });
    sim.addFault({ kind: 'status', status: 429, path: /^\/api\/v3\/indicators$/, times: 1 });
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await call(sim, 'GET', '/api/v3/indicators?tql=id%3D1')).status);
    assert.deepEqual(statuses, [429, 504, 504, 200], 'the path is matched without its query');
    assert.equal((await call(sim, 'GET', '/api/v3/security/owners')).status, 502);
    assert.equal((await call(sim, 'PUT', '/api/v3/indicators/1', { body: {} })).status, 500);
    sim.clearFaults();
    assert.equal((await call(sim, 'GET', '/api/v3/security/owners')).status, 200);
  });

  it('scripts "429 then 200" with times and delays a fault by delayMs', async () => {
    sim.addFault({ kind: 'status', status: 429, times: 1, delayMs: 120, headers: { 'Retry-After': '0' } });
    const started = performance.now();
    const first = await call(sim, 'GET', '/api/v3/security/owners');
    assert.ok(performance.now() - started >= 100);
    const second = await call(sim, 'GET', '/api/v3/security/owners');
    assert.deepEqual([first.status, second.status], [429, 200]);
  });

  it('replies with a custom JSON body', async () => {
    sim.addFault({
      kind: 'status',
      status: 400,
      body: { status: 'Error', errCode: '0x2001', message: 'custom' }
    });
    assert.equal(json(await call(sim, 'GET', '/api/v3/indicators')).message, 'custom');
  });
});

describe('latency', () => {
  it('adds the global latency to every response and a route latency instead of it', async () => {
    const sim = await startSimulator({ latencyMs: 80 });
    try {
      const time = async (target: string): Promise<number> => {
        const started = performance.now();
        await call(sim, 'GET', target);
        return performance.now() - started;
      };
      assert.ok((await time('/api/v3/security/owners')) >= 75);
      sim.setLatency(0);
      assert.ok((await time('/api/v3/security/owners')) < 75);
      sim.setLatency(200, { method: 'GET', path: '/api/v3/indicators' });
      assert.ok((await time('/api/v3/indicators?resultLimit=1')) >= 195);
      assert.ok((await time('/api/v3/security/owners')) < 75);
      assert.ok(sim.requests.at(-2)!.durationMs >= 195, 'the log records the time taken');
    } finally {
      await sim.close();
    }
  });
});

describe('close()', () => {
  it('ends hung requests and delayed answers and frees the port', async () => {
    const sim = await startSimulator({ latencyMs: 10_000 });
    sim.addFault({ kind: 'hang', path: '/api/v3/indicators' });
    const hung = call(sim, 'GET', '/api/v3/indicators');
    const slow = call(sim, 'GET', '/api/v3/security/owners');
    while (sim.requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = performance.now();
    await sim.close();
    assert.ok(performance.now() - started < 1000);
    await assert.rejects(hung);
    await assert.rejects(slow);
    await assert.rejects(call(sim, 'GET', '/api/v3/security/owners'), /ECONNREFUSED/);
  });
});
