import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTarget, encodeComponent, targetFromLink } from '../../lib/tc/encode';

test('encodes every reserved and unsafe character, leaving only RFC 3986 unreserved ones', () => {
  assert.equal(encodeComponent(`!'()*+%/?#&="\\ `), '%21%27%28%29%2A%2B%25%2F%3F%23%26%3D%22%5C%20');
  assert.equal(encodeComponent('AZaz09-._~'), 'AZaz09-._~');
  assert.equal(encodeComponent('`{}|^<>[]@:;,$'), '%60%7B%7D%7C%5E%3C%3E%5B%5D%40%3A%3B%2C%24');
});

test('encodes non-ASCII as upper-case UTF-8 percent escapes', () => {
  assert.equal(encodeComponent('é'), '%C3%A9');
  assert.equal(
    encodeComponent('пример.испытание'),
    '%D0%BF%D1%80%D0%B8%D0%BC%D0%B5%D1%80.%D0%B8%D1%81%D0%BF%D1%8B%D1%82%D0%B0%D0%BD%D0%B8%D0%B5'
  );
  assert.equal(encodeComponent('😀'), '%F0%9F%98%80');
});

test('a value that already contains escapes is encoded again, never decoded', () => {
  assert.equal(encodeComponent('http://a.example/%20x%41'), 'http%3A%2F%2Fa.example%2F%2520x%2541');
});

test('builds the wire forms of the reference vectors', () => {
  // Vector 3: owner in the query with %20 for the space.
  assert.equal(
    buildTarget('/api', ['v2', 'indicators', 'hosts', 'example.com'], [['owner', 'Common Community']]),
    '/api/v2/indicators/hosts/example.com?owner=Common%20Community'
  );
  // Vector 5: a URL indicator in the path keeps its slashes encoded.
  assert.equal(
    buildTarget('/api', ['v2', 'indicators', 'urls', 'http://example.com/', 'owners']),
    '/api/v2/indicators/urls/http%3A%2F%2Fexample.com%2F/owners'
  );
  // Vector 7 and 6.
  assert.equal(
    buildTarget('/api', ['v2', 'indicators', 'emailAddresses', 'bad@example.com', 'falsePositive']),
    '/api/v2/indicators/emailAddresses/bad%40example.com/falsePositive'
  );
  assert.equal(
    buildTarget('/api/', ['v2', 'indicators', 'hosts', 'example.com', 'tags', 'Nation State']),
    '/api/v2/indicators/hosts/example.com/tags/Nation%20State'
  );
  // Vector 9 (strict), not vector 8 (DD's raw parentheses).
  assert.equal(
    buildTarget('/api', ['v3', 'indicators'], [['tql', 'typeName in ("Address", "Host")']]),
    '/api/v3/indicators?tql=typeName%20in%20%28%22Address%22%2C%20%22Host%22%29'
  );
  // Vector 11.
  assert.equal(
    buildTarget('/api', ['v2', 'indicators', 'urls', "http://example.com/a b?x=1&y=(2)!*'", 'owners']),
    '/api/v2/indicators/urls/http%3A%2F%2Fexample.com%2Fa%20b%3Fx%3D1%26y%3D%282%29%21%2A%27/owners'
  );
  assert.equal(buildTarget('/api', ['v3', 'indicators', 4]), '/api/v3/indicators/4');
});

test('repeated query keys stay in order', () => {
  assert.equal(
    buildTarget(
      '/api',
      ['v3', 'indicators'],
      [
        ['fields', 'tags'],
        ['fields', 'threatAssess'],
        ['resultStart', 0]
      ]
    ),
    '/api/v3/indicators?fields=tags&fields=threatAssess&resultStart=0'
  );
});

test('a next link keeps its path and query and drops its origin', () => {
  assert.equal(
    targetFromLink(
      'https://tc.example.test/api/v3/indicators?tql=id%20in%20%281%29&fields=tags&resultStart=100'
    ),
    '/api/v3/indicators?tql=id%20in%20%281%29&fields=tags&resultStart=100'
  );
  assert.equal(targetFromLink('https://tc.example.test:8443/api/v3/x?a=1#frag'), '/api/v3/x?a=1');
});

test('characters url.parse would rewrite are encoded in a next link, so the signed target is sent', () => {
  assert.equal(targetFromLink(`https://h/api/v3/x?q='a b"`), '/api/v3/x?q=%27a%20b%22');
});
