import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseEntity, workingTypeOf, refKey } from '../../lib/entities';
import type { PolarityEntity } from '../../lib/types/polarity';

const e = (type: string, value: string, extra: Partial<PolarityEntity> = {}): PolarityEntity => ({
  type,
  value,
  ...extra
});

function ok(entity: PolarityEntity): { tcType: string; value: string; hashField?: string } {
  const out = normaliseEntity(entity);
  assert.ok(out.ok, `expected ${entity.value} to normalise`);
  return out.ref;
}

test('IPv6 becomes lower case, without leading zeros and without ::', () => {
  assert.deepEqual(ok(e('IPv6', '2001:DB8::1')), { tcType: 'Address', value: '2001:db8:0:0:0:0:0:1' });
  assert.deepEqual(ok(e('IPv6', '2001:0db8:0000:0000:0000:0000:0000:00A1')), {
    tcType: 'Address',
    value: '2001:db8:0:0:0:0:0:a1'
  });
  assert.equal(ok(e('IPv6', '::')).value, '0:0:0:0:0:0:0:0');
});

test('invalid IPs are rejected with a reason, never thrown', () => {
  for (const [type, value] of [
    ['IPv6', '2001:db8:::1'],
    ['IPv6', 'fe80::1%eth0'],
    ['IPv6', 'not-an-ip'],
    ['IPv4', '192.0.2.256'],
    ['IPv4', '0300.0.2.1']
  ]) {
    const out = normaliseEntity(e(type, value));
    assert.equal(out.ok, false, value);
    if (!out.ok) assert.match(out.reason, /invalid/);
  }
});

test('hashes search TC File indicators on the column of their length, in upper case', () => {
  assert.deepEqual(ok(e('MD5', 'd41d8cd98f00b204e9800998ecf8427e')), {
    tcType: 'File',
    value: 'D41D8CD98F00B204E9800998ECF8427E',
    hashField: 'value1'
  });
  assert.equal(ok(e('SHA1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709')).hashField, 'value2');
  assert.equal(
    ok(e('SHA256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')).hashField,
    'value3'
  );
  assert.equal(normaliseEntity(e('MD5', 'xyz')).ok, false);
});

test('host names are lower case, without a trailing dot, IDNs as punycode', () => {
  assert.equal(ok(e('domain', 'WWW.Bad.EXAMPLE.')).value, 'www.bad.example');
  assert.equal(ok(e('domain', 'bücher.example')).value, 'xn--bcher-kva.example');
  assert.equal(ok(e('email', 'John.Doe@Mail.EXAMPLE')).value, 'John.Doe@mail.example');
});

test('URLs lower-case scheme and host only; path, query and user info keep their case', () => {
  assert.equal(
    ok(e('url', 'HTTPS://Login.EXAMPLE:8443/Path?Q=A&b=(2)')).value,
    'https://login.example:8443/Path?Q=A&b=(2)'
  );
  assert.equal(ok(e('url', 'http://User:Pw@HOST.example/A')).value, 'http://User:Pw@host.example/A');
  assert.equal(ok(e('url', 'WWW.Example.test/Index.HTML')).value, 'www.example.test/Index.HTML');
});

test('the working type comes from types when type is "string" or an umbrella type', () => {
  assert.equal(workingTypeOf(e('string', '192.0.2.1', { types: ['IP', 'IPv4'] })), 'IPv4');
  assert.equal(
    workingTypeOf(e('hash', 'd41d8cd98f00b204e9800998ecf8427e', { types: ['hash', 'MD5'] })),
    'MD5'
  );
  assert.equal(workingTypeOf(e('IP', '2001:db8::1', { isIPv6: true })), 'IPv6');
  assert.equal(workingTypeOf(e('hash', 'x', { hashType: 'SHA1' })), 'SHA1');
  assert.equal(workingTypeOf(e('cve', 'CVE-2020-1')), undefined);
  assert.equal(normaliseEntity(e('cve', 'CVE-2020-1')).ok, false);
});

test('the entity is never modified', () => {
  const entity = e('IPv6', '2001:DB8::1', { types: ['IP', 'IPv6'] });
  const copy = structuredClone(entity);
  normaliseEntity(entity);
  assert.deepEqual(entity, copy);
});

test('file keys compare hashes case-insensitively', () => {
  assert.equal(refKey({ tcType: 'File', value: 'abc', hashField: 'value1' }), 'File|ABC');
  assert.equal(refKey({ tcType: 'Host', value: 'a.example' }), 'Host|a.example');
});

test('adversarial input is rejected quickly', () => {
  const started = process.hrtime.bigint();
  for (const type of ['url', 'domain', 'email', 'IPv6', 'IPv4', 'SHA256']) {
    normaliseEntity(e(type, 'a'.repeat(100000) + '@' + ':'.repeat(50000)));
  }
  assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 2000);
});
