import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { limiterFor, resetLimiters } from '../../lib/limiter';

after(() => resetLimiters());

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

test('one limiter per Access ID, reused while the options stay the same', () => {
  const a = limiterFor('id-a', { maxConcurrent: 1, minTime: 0, highWater: 10 });
  assert.equal(limiterFor('id-a', { maxConcurrent: 1, minTime: 0, highWater: 10 }), a);
  assert.notEqual(limiterFor('id-b', { maxConcurrent: 1, minTime: 0, highWater: 10 }), a);
});

test('changed options take effect at once: running requests finish, waiting ones are handed back', async () => {
  const old = limiterFor('id-c', { maxConcurrent: 1, minTime: 0, highWater: 10 });
  let release: () => void = () => undefined;
  const running = old.schedule(() => new Promise<string>((r) => (release = () => r('finished'))));
  const waiting = old.schedule(async () => 'never');
  await tick();
  const fresh = limiterFor('id-c', { maxConcurrent: 3, minTime: 0, highWater: 10 });
  assert.notEqual(fresh, old);
  await assert.rejects(waiting, /stopped|dropped/i, 'the waiting job is dropped, so the client retries it');
  release();
  assert.equal(await running, 'finished');
  const jobs = [1, 2, 3].map(() => fresh.schedule(() => tick(200)));
  await tick(40);
  assert.equal(fresh.counts().EXECUTING, 3);
  await Promise.all(jobs);
});

test('a lowered minTime applies to the next request, not after the old slot', async () => {
  const slow = limiterFor('id-d', { maxConcurrent: 1, minTime: 600000, highWater: 10 });
  await slow.schedule(async () => undefined);
  const fast = limiterFor('id-d', { maxConcurrent: 1, minTime: 0, highWater: 10 });
  const started = Date.now();
  await fast.schedule(async () => undefined);
  assert.ok(Date.now() - started < 1000);
});

test('a changed queue bound applies, and beyond it new jobs are dropped at once', async () => {
  limiterFor('id-queue', { maxConcurrent: 1, minTime: 0, highWater: 200 });
  const l = limiterFor('id-queue', { maxConcurrent: 1, minTime: 0, highWater: 1 });
  let release: () => void = () => undefined;
  const running = l.schedule(() => new Promise<void>((r) => (release = r)));
  await tick(10);
  const queued = l.schedule(async () => 'queued');
  await assert.rejects(
    l.schedule(async () => 'dropped'),
    /dropped/
  );
  release();
  await running;
  assert.equal(await queued, 'queued');
});
