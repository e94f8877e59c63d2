/**
 * Speed and politeness towards TC: shared in-flight searches, the optional result cache and
 * its invalidation on writes, and the bounded limiter queue.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_USER, DEMO_ENTITIES, DEMO_BULK_VALUES, DEMO_ORG } from '../../dev/sim/data/demo-dataset';
import { callOnce, entity, lookupOptions } from '../helpers/polarity';
import { integration, useContractSuite } from '../helpers/contract';
import type { PolarityEntity, PolarityOptions, PolarityResult } from '../../lib/types/polarity';
import type { TcDetails, WriteReply } from '../../lib/types/details';
import { clearOwnerCache } from '../../lib/owners';
import { inFlightCount } from '../../lib/coalesce';
import { setRuntime } from '../../lib/runtime';

const hundred = (): PolarityEntity[] =>
  [...DEMO_BULK_VALUES, ...DEMO_ENTITIES.map((d) => d.value)]
    .concat(Array.from({ length: 48 }, (_, i) => `miss-${i}.example`))
    .slice(0, 100)
    .map((v) => entity(v));

function lookup(entities: PolarityEntity[], overrides: Partial<PolarityOptions> = {}) {
  return callOnce<PolarityResult<TcDetails>[]>((cb) =>
    integration.doLookup(entities, lookupOptions(ctx.sim, DEMO_USER, overrides), cb)
  );
}

function searches(): number {
  return ctx.sim.requests.filter((r) => r.path === '/api/v3/indicators').length;
}

const ctx = useContractSuite({ latencyMs: 30 });

test('20 analysts looking up the same 100 entities at once cost no more TC requests than one', async () => {
  const entities = hundred();
  assert.equal(entities.length, 100);
  const single = await lookup(entities);
  assert.equal(single.err, null);
  const oneAnalyst = ctx.sim.requests.length;
  const oneAnalystSearches = searches();

  clearOwnerCache();
  ctx.sim.resetLog();
  const all = await Promise.all(Array.from({ length: 20 }, () => lookup(hundred())));
  for (const { err, result } of all) {
    assert.equal(err, null);
    assert.deepEqual(
      result?.map((r) => r.data?.details.organizations.length ?? 0),
      single.result?.map((r) => r.data?.details.organizations.length ?? 0)
    );
  }
  assert.ok(
    ctx.sim.requests.length <= oneAnalyst,
    `${ctx.sim.requests.length} requests for 20 analysts, ${oneAnalyst} for one`
  );
  assert.equal(searches(), oneAnalystSearches);
  assert.equal(inFlightCount(), 0, 'nothing is left in flight');
});

test('a search shared by lookups that fails is a retryable result for each, never unhandled', async () => {
  setRuntime({ sleep: async () => undefined });
  ctx.sim.addFault({ path: '/api/v3/indicators', kind: 'status', status: 503 });
  const outcomes = await Promise.all([lookup([entity('192.0.2.10')]), lookup([entity('192.0.2.10')])]);
  for (const { err, result } of outcomes) {
    assert.equal(err, null);
    assert.equal(result?.[0].isVolatile, true);
    assert.deepEqual(result?.[0].data?.summary, ['ThreatConnect unavailable']);
    assert.match(result?.[0].data?.details.errorMessage ?? '', /503/);
  }
  assert.equal(searches(), 4, 'one search, retried three times, shared by both lookups');
});

test('only the entities of a failed batch become retryable; the others keep their results', async () => {
  setRuntime({ sleep: async () => undefined });
  // The length limit splits these into several searches; every attempt of the one holding
  // malware-c2.example fails, the others succeed.
  const entities = [...DEMO_BULK_VALUES, 'malware-c2.example'].map((v) => entity(v));
  ctx.sim.addFault({ path: '/api/v3/indicators', query: /malware-c2\.example/, kind: 'reset' });
  const { err, result } = await lookup(entities, { maxRequestUrlLength: 1024 });
  assert.equal(err, null);
  assert.ok(searches() >= 2);
  const volatile = result?.filter((r) => r.isVolatile).map((r) => r.entity.value) ?? [];
  assert.ok(volatile.includes('malware-c2.example'));
  assert.ok(volatile.length < entities.length, `${volatile.length} retryable of ${entities.length}`);
  const kept = result?.filter((r) => !r.isVolatile) ?? [];
  assert.ok(kept.length > 0 && kept.every((r) => r.data?.details.organizations.length === 3));
});

test('with the result cache on, a repeat lookup sends nothing, and a write clears the answer it changed', async () => {
  const options = { resultCacheSeconds: 60 };
  const first = await lookup([entity('192.0.2.10'), entity('malware-c2.example')], options);
  assert.equal(first.err, null);
  ctx.sim.resetLog();
  const again = await lookup([entity('192.0.2.10'), entity('malware-c2.example')], options);
  assert.equal(again.err, null);
  assert.equal(searches(), 0, 'served from the cache');

  const target = first.result?.[0].data?.details.organizations.find((o) => o.owner.name === DEMO_ORG);
  assert.ok(target);
  const { result } = await callOnce<object>((cb) =>
    integration.onMessage(
      { action: 'SET_RATING', indicatorId: target.indicatorId, rating: 1 },
      lookupOptions(ctx.sim, DEMO_USER, options),
      cb
    )
  );
  assert.equal((result as WriteReply).organization.rating, 1);
  ctx.sim.resetLog();
  const after = await lookup([entity('192.0.2.10'), entity('malware-c2.example')], options);
  assert.equal(searches(), 1, 'the changed value is searched again, the other is still cached');
  const fresh = after.result?.[0].data?.details.organizations.find((o) => o.owner.name === DEMO_ORG);
  assert.equal(fresh?.rating, 1);
});

test('the result cache is off by default', async () => {
  await lookup([entity('192.0.2.10')]);
  ctx.sim.resetLog();
  await lookup([entity('192.0.2.10')]);
  assert.equal(searches(), 1);
});

test('a full limiter queue answers at once with retryable results instead of waiting', async () => {
  setRuntime({ sleep: async () => undefined });
  ctx.sim.setLatency(200);
  try {
    const entities = [...DEMO_BULK_VALUES, ...DEMO_ENTITIES.map((d) => d.value)].map((v) => entity(v));
    const started = Date.now();
    const { err, result } = await lookup(entities, {
      maxConcurrent: 1,
      maxQueuedRequests: 1,
      maxRequestUrlLength: 1024
    });
    assert.equal(err, null);
    const dropped = result?.filter((r) => r.isVolatile) ?? [];
    assert.ok(dropped.length > 0, 'some searches did not fit in the queue');
    assert.match(dropped[0].data?.details.errorMessage ?? '', /dropped|Too many/i);
    assert.ok(Date.now() - started < 5000);
  } finally {
    ctx.sim.setLatency(30);
  }
});

test('a hanging owners route does not hold up lookups that need owners only for labels', async () => {
  ctx.sim.addFault({ path: /\/owners$/, kind: 'hang' });
  const started = Date.now();
  const { err, result } = await lookup([entity('192.0.2.10')], { requestTimeout: 10 });
  assert.equal(err, null);
  assert.equal(result?.[0].data?.details.organizations.length, 3);
  assert.ok(Date.now() - started < 2000, `${Date.now() - started} ms`);
});

test('a failing owners route is not asked again by every lookup', async () => {
  setRuntime({ sleep: async () => undefined });
  ctx.sim.addFault({ path: /\/owners$/, kind: 'status', status: 503 });
  await lookup([entity('192.0.2.10')]);
  const first = ctx.sim.requests.filter((r) => r.path.endsWith('/owners')).length;
  assert.ok(first >= 1);
  await lookup([entity('malware-c2.example')]);
  await lookup([entity('phisher@bad-mail.example')]);
  assert.equal(
    ctx.sim.requests.filter((r) => r.path.endsWith('/owners')).length,
    first,
    'the failure is remembered'
  );
});

test('expanding a "ThreatConnect unavailable" result after TC recovers searches again', async () => {
  setRuntime({ sleep: async () => undefined });
  ctx.sim.addFault({ path: '/api/v3/indicators', kind: 'status', status: 503 });
  const { result } = await lookup([entity('192.0.2.10')]);
  const volatile = result?.[0];
  assert.equal(volatile?.isVolatile, true);

  const still = await callOnce<{ summary: string[]; details: TcDetails }>((cb) =>
    integration.onDetails(volatile as never, lookupOptions(ctx.sim, DEMO_USER), cb)
  );
  assert.deepEqual(still.result?.summary, ['ThreatConnect unavailable'], 'still down: still says so');

  ctx.sim.clearFaults();
  const { err, result: details } = await callOnce<{ summary: string[]; details: TcDetails }>((cb) =>
    integration.onDetails(volatile as never, lookupOptions(ctx.sim, DEMO_USER), cb)
  );
  assert.equal(err, null);
  assert.equal(details?.details.organizations.length, 3);
  assert.equal(details?.details.errorMessage, undefined);
  assert.ok(!details?.summary.includes('ThreatConnect unavailable'));
});

test('mangled items in a TC answer are skipped, not a crash', async () => {
  ctx.sim.addFault({
    path: '/api/v3/indicators',
    kind: 'status',
    status: 200,
    body: {
      status: 'Success',
      data: [
        null,
        42,
        { id: 1 },
        {
          id: 77,
          ownerName: DEMO_ORG,
          type: 'Address',
          summary: '192.0.2.10',
          tags: { data: [null, { name: 'ok' }] },
          securityLabels: { data: [null] }
        }
      ]
    },
    times: 1
  });
  const { err, result } = await lookup([entity('192.0.2.10')]);
  assert.equal(err, null);
  const orgs = result?.[0].data?.details.organizations ?? [];
  assert.deepEqual(
    orgs.map((o) => [o.indicatorId, o.tags.map((t) => t.name), o.securityLabels.length]),
    [[77, ['ok'], 0]]
  );
});
