import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_RETRY_POLICY, retryDelay } from '../../lib/tc/retry';
import { TcError, fromStatus, fromNetworkError } from '../../lib/tc/errors';

const policy = { ...DEFAULT_RETRY_POLICY, maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000, budgetMs: 5000 };
const err503 = fromStatus(503, 'busy', 'GET /x');

test('idempotent requests retry transient failures; POST never does', () => {
  assert.notEqual(retryDelay('GET', err503, 1, 0, policy, 0.5), undefined);
  assert.notEqual(retryDelay('PUT', err503, 1, 0, policy, 0.5), undefined);
  assert.equal(retryDelay('POST', err503, 1, 0, policy, 0.5), undefined);
});

test('failures that need an admin are not retried', () => {
  for (const status of [400, 401, 403, 404, 414]) {
    assert.equal(
      retryDelay('GET', fromStatus(status, 'no', 'GET /x'), 1, 0, policy, 0.5),
      undefined,
      String(status)
    );
  }
  assert.equal(
    retryDelay('GET', new TcError('html', { kind: 'unexpected-response' }), 1, 0, policy, 0.5),
    undefined
  );
  const refused = fromNetworkError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }), 'GET /x');
  assert.equal(retryDelay('GET', refused, 1, 0, policy, 0.5), undefined);
});

test('429, 5xx, timeouts, resets and dropped jobs are retried', () => {
  const transient = [
    fromStatus(429, 'slow down', 'GET /x'),
    fromStatus(500, 'x', 'GET /x'),
    fromStatus(502, 'x', 'GET /x'),
    fromStatus(504, 'x', 'GET /x'),
    fromNetworkError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }), 'GET /x'),
    fromNetworkError(Object.assign(new Error('t'), { code: 'ETIMEDOUT' }), 'GET /x'),
    new TcError('dropped', { kind: 'dropped' })
  ];
  for (const e of transient) assert.notEqual(retryDelay('GET', e, 1, 0, policy, 0.5), undefined, e.message);
});

test('backoff grows exponentially with full jitter, capped, never below half the base', () => {
  assert.equal(retryDelay('GET', err503, 1, 0, policy, 1), 100);
  assert.equal(retryDelay('GET', err503, 2, 0, policy, 1), 200);
  assert.equal(retryDelay('GET', err503, 3, 0, policy, 1), 400);
  assert.equal(retryDelay('GET', err503, 3, 0, { ...policy, maxDelayMs: 300 }, 1), 300);
  assert.equal(retryDelay('GET', err503, 3, 0, policy, 0), 50);
  assert.equal(retryDelay('GET', err503, 4, 0, policy, 0.5), undefined, 'out of retries');
});

test('Retry-After wins when it fits the budget, and gives up when it does not', () => {
  const withAfter = fromStatus(429, 'slow', 'GET /x', 2000);
  assert.equal(retryDelay('GET', withAfter, 1, 0, policy, 0.1), 2000);
  assert.equal(retryDelay('GET', withAfter, 1, 4000, policy, 0.1), undefined);
  assert.equal(retryDelay('GET', fromStatus(503, 'x', 'GET /x', 60000), 1, 0, policy, 0.1), undefined);
});

test('the total budget bounds plain backoff too', () => {
  assert.equal(retryDelay('GET', err503, 1, 4990, policy, 1), undefined);
});
