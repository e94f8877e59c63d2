import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { limiterFor, resetLimiters } from '../../lib/limiter';

after(() => resetLimiters());

test('one limiter per Access ID; changed options apply to it without a restart', async () => {
  const a = limiterFor('id-a', { maxConcurrent: 1, minTime: 0, highWater: 10 });
  assert.equal(limiterFor('id-a', { maxConcurrent: 1, minTime: 0, highWater: 10 }), a);
  assert.notEqual(limiterFor('id-b', { maxConcurrent: 1, minTime: 0, highWater: 10 }), a);

  const release: Array<() => void> = [];
  const job = () => new Promise<void>((resolve) => release.push(resolve));
  const jobs = [a.schedule(job), a.schedule(job), a.schedule(job)];
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(a.counts().EXECUTING, 1);

  assert.equal(
    limiterFor('id-a', { maxConcurrent: 3, minTime: 0, highWater: 10 }),
    a,
    'same limiter, new settings'
  );
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(a.counts().EXECUTING, 3);
  release.forEach((r) => r());
  await Promise.all(jobs);
});

test('beyond the queue bound new jobs are dropped at once, never queued for ever', async () => {
  const l = limiterFor('id-queue', { maxConcurrent: 1, minTime: 0, highWater: 1 });
  let release: () => void = () => undefined;
  const running = l.schedule(() => new Promise<void>((r) => (release = r)));
  await new Promise((r) => setTimeout(r, 10));
  const queued = l.schedule(async () => 'queued');
  await assert.rejects(
    l.schedule(async () => 'dropped'),
    /dropped/
  );
  release();
  await running;
  assert.equal(await queued, 'queued');
});
