import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TcError, HELP, fromNetworkError, fromStatus, helpFor } from '../../lib/tc/errors';
import { registerSecret, redact, redactValue } from '../../lib/redact';

test('hint table: status and TC message text choose the help', () => {
  assert.equal(
    fromStatus(401, 'Signature data did not match expected result', 'GET /x').help,
    HELP.credentials
  );
  assert.equal(fromStatus(401, 'Timestamp out of acceptable time range', 'GET /x').help, HELP.credentials);
  assert.equal(fromStatus(403, 'Access Denied', 'GET /x').help, HELP.credentials);
  assert.equal(fromStatus(403, 'You do not have permission', 'GET /x').help, HELP.permission);
  assert.equal(fromStatus(414, 'Request-URI Too Long', 'GET /x').help, HELP.tooLong);
  assert.equal(fromStatus(503, 'busy', 'GET /x').help, HELP.transient);
  assert.equal(new TcError('html', { kind: 'unexpected-response' }).help, HELP.url);
  assert.equal(helpFor('network', undefined, 'x', 'ECONNREFUSED'), HELP.unreachable);
  assert.equal(helpFor('network', undefined, 'x', 'ENOTFOUND'), HELP.unreachable);
});

test('network errors are classified by code', () => {
  const mk = (code: string, message = code) => Object.assign(new Error(message), { code });
  assert.equal(fromNetworkError(mk('ECONNREFUSED'), 'GET /x').kind, 'network');
  assert.equal(fromNetworkError(mk('ECONNREFUSED'), 'GET /x').transient, false);
  assert.equal(fromNetworkError(mk('ECONNRESET'), 'GET /x').transient, true);
  assert.equal(fromNetworkError(mk('ETIMEDOUT'), 'GET /x').kind, 'timeout');
  const tls = fromNetworkError(mk('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), 'GET /x');
  assert.equal(tls.kind, 'tls');
  assert.equal(tls.help, HELP.tls);
});

test('statuses map to kinds; transient ones are marked', () => {
  const kinds = [400, 401, 403, 404, 429, 500, 502, 503, 504].map((s) => {
    const e = fromStatus(s, 'm', 'GET /x');
    return `${s}:${e.kind}:${e.transient}`;
  });
  assert.deepEqual(kinds, [
    '400:bad-request:false',
    '401:auth:false',
    '403:permission:false',
    '404:not-found:false',
    '429:rate-limit:true',
    '500:server:true',
    '502:server:true',
    '503:server:true',
    '504:server:true'
  ]);
});

test('the Polarity error object always has detail, and serialising drops the cause', () => {
  const err = new TcError('boom', {
    kind: 'server',
    status: 500,
    request: 'GET /api/v3/x',
    cause: { headers: { Authorization: 'TC a:b' } }
  });
  const out = JSON.parse(JSON.stringify(err));
  assert.equal(out.detail, 'boom');
  assert.equal(out.status, 500);
  assert.ok(!JSON.stringify(out).includes('Authorization'));
});

test('redaction removes registered secrets, Authorization values and proxy passwords', () => {
  registerSecret('sup3r$$ecret+/=');
  assert.equal(redact('key=sup3r$$ecret+/= here'), 'key=[REDACTED] here');
  assert.equal(redact('Authorization: TC 123:abc+/def=='), 'Authorization: TC [REDACTED]');
  assert.equal(redact('via http://bob:pw@proxy.example:3128/'), 'via http://[REDACTED]@proxy.example:3128/');
  const err = Object.assign(new Error('failed with sup3r$$ecret+/='), {
    options: { headers: { authorization: 'x' } }
  });
  assert.ok(!JSON.stringify(redactValue({ err })).includes('sup3r'));
  assert.ok(!JSON.stringify(redactValue({ err })).includes('"x"'));
  assert.equal(new TcError('leak sup3r$$ecret+/=', { kind: 'internal' }).message, 'leak [REDACTED]');
});

test('describe() joins message and hint without doubling the full stop', () => {
  assert.equal(
    fromStatus(503, 'Try again later.', 'GET /x').describe(),
    `ThreatConnect returned 503: Try again later. ${HELP.transient}`
  );
  assert.equal(new TcError('No luck', { kind: 'internal' }).describe(), 'No luck.');
});

test('a registered secret is also redacted in its percent-encoded form', () => {
  registerSecret('pct$$Key+/==');
  assert.equal(redact('echo pct%24%24Key%2B%2F%3D%3D'), 'echo [REDACTED]');
});
