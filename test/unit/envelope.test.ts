import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEnvelope, parseRetryAfter, type RawResponse } from '../../lib/tc/envelope';
import { HELP, TcError } from '../../lib/tc/errors';

const raw = (status: number, body: string, headers: RawResponse['headers'] = {}): RawResponse => ({
  status,
  headers,
  body
});

function failure(r: RawResponse): TcError {
  try {
    parseEnvelope(r, 'GET /api/v3/indicators');
  } catch (err) {
    assert.ok(err instanceof TcError);
    return err;
  }
  assert.fail('expected a TcError');
}

test('Retry-After in seconds or as an HTTP date', () => {
  assert.equal(parseRetryAfter('3', 0), 3000);
  assert.equal(parseRetryAfter(['2'], 0), 2000);
  assert.equal(parseRetryAfter('Thu, 01 Jan 1970 00:00:10 GMT', 4000), 6000);
  assert.equal(parseRetryAfter('soon', 0), undefined);
  assert.equal(parseRetryAfter(undefined, 0), undefined);
});

test('a Success envelope is returned as it is', () => {
  assert.deepEqual(parseEnvelope(raw(200, '{"status":"Success","data":[]}'), 'x'), {
    status: 'Success',
    data: []
  });
});

test('TC error envelopes keep their status, message and errCode', () => {
  const v3 = failure(raw(400, '{"status":"Error","errCode":"0x2001","message":"Syntax error(s) found"}'));
  assert.deepEqual([v3.kind, v3.status, v3.code], ['bad-request', 400, '0x2001']);
  assert.match(v3.message, /Syntax error/);
  const v2 = failure(raw(404, '{"status":"Failure","message":"The requested resource was not found"}'));
  assert.deepEqual([v2.kind, v2.status], ['not-found', 404]);
  const limited = failure(raw(429, '{"status":"Error","message":"slow down"}', { 'retry-after': '7' }));
  assert.equal(limited.retryAfterMs, 7000);
  assert.equal(limited.transient, true);
});

test('a 200 that is not TC JSON points at the URL', () => {
  for (const body of ['<html><body>Sign in</body></html>', '', '{"not":"tc"}', '{"data":[1', 'null', '42']) {
    const err = failure(raw(200, body));
    assert.equal(err.kind, 'unexpected-response', JSON.stringify(body));
  }
});

test('a gateway error page is transient; 401/403 pages need an admin', () => {
  assert.equal(failure(raw(502, '<html>Bad Gateway</html>')).transient, true);
  assert.equal(failure(raw(504, '')).transient, true);
  assert.equal(failure(raw(401, '<html>no</html>')).kind, 'auth');
  assert.equal(failure(raw(403, '')).kind, 'permission');
  assert.equal(failure(raw(414, '<html>414 Request-URI Too Large</html>')).status, 414);
  // Servers that count the request line with the headers say 431; the remedy is the same.
  for (const status of [414, 431]) assert.equal(failure(raw(status, '')).help, HELP.tooLong, String(status));
});
