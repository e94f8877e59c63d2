import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { computeSignature, signRequest } from '../../lib/tc/sign';

const SECRET = 'SECRET_KEY_EXAMPLE';
const TS = 1513703787;

// threatconnect-api.md §5.2, computed with the tcex algorithm.
const VECTORS: Array<[string, string, string]> = [
  ['/api/v2/owners', 'GET', '1/q6IcHmlUmjT1QoHrWnp6k9UUOQJM0CpbDQ0dSAYDQ='],
  [
    '/api/v2/indicators/hosts/example.com?Owner=Common%20Community',
    'GET',
    'tP0YjRlm5PT+dG3Dw2sF2rfWI9aZsfC7hSd3Wla/r2U='
  ],
  [
    '/api/v2/indicators/hosts/example.com?owner=Common%20Community',
    'GET',
    'Q8AD9CNIwlU4lzIQjcLi0wujvpjdTRE1UL276+1+8Ck='
  ],
  [
    '/api/v2/indicators/hosts/example.com?owner=Common+Community',
    'GET',
    'Uy31mgZqDqaZTfq3oXiFCVOiuTAo0LGLhZCT5a7ViF0='
  ],
  [
    '/api/v2/indicators/urls/http%3A%2F%2Fexample.com%2F/owners',
    'GET',
    'cuqPTjsreirXKyzCay5ziySHwpQMcn1mvM7WiXi+Tko='
  ],
  [
    '/api/v2/indicators/hosts/example.com/tags/Nation%20State',
    'POST',
    '5JU8F3LMu/iCCssIWL56QKX0z0U/X5t9nahTsAvQvAw='
  ],
  [
    '/api/v2/indicators/emailAddresses/bad%40example.com/falsePositive',
    'POST',
    '2XV5Um1SmWapAbeT5mNYlTzr6ePyBNmGMeFsiqFSrP4='
  ],
  [
    '/api/v3/indicators?tql=typeName%20in%20(%22Address%22%2C%20%22Host%22)',
    'GET',
    '1qHZkvvYPheOW+0NLHtK8V6H/pc47bsx2N/2DCdrvHI='
  ],
  [
    '/api/v3/indicators?tql=typeName%20in%20%28%22Address%22%2C%20%22Host%22%29',
    'GET',
    'H+uq/DKFOwBlnZUGSuHsYYOLbRx6I1CtJ/scLNTtytM='
  ],
  ['/api/v3/indicators/4', 'PUT', 'PTkFc4/Rjvq85w2XShHV9ifH9ibF7H9LGictMl24uS8='],
  [
    '/api/v2/indicators/urls/http%3A%2F%2Fexample.com%2Fa%20b%3Fx%3D1%26y%3D%282%29%21%2A%27/owners',
    'GET',
    '4o6V24HeUnWobKjGt2jKmODb6OFqYzGAFTWDyK/DI2Q='
  ],
  [
    '/api/v3/indicators?tql=summary%3D%22example.com%22+and+typeName+in+%28%22Host%22%29&fields=tags&fields=threatAssess&resultStart=0&resultLimit=100',
    'GET',
    'LZC7LQMqJdWw0WbnZK/sHqECPm/2TulGFoXHErLT3gM='
  ]
];

for (const [i, [target, method, expected]] of VECTORS.entries()) {
  test(`reference vector ${i + 1}: ${method} ${target.slice(0, 60)}`, () => {
    assert.equal(computeSignature(target, method, TS, SECRET), expected);
  });
}

test('the same logical request in two wire forms has two different signatures (3 ≠ 4, 8 ≠ 9)', () => {
  assert.notEqual(computeSignature(VECTORS[2][0], 'GET', TS, SECRET), VECTORS[3][2]);
  assert.notEqual(computeSignature(VECTORS[3][0], 'GET', TS, SECRET), VECTORS[2][2]);
  assert.notEqual(computeSignature(VECTORS[7][0], 'GET', TS, SECRET), VECTORS[8][2]);
  assert.notEqual(computeSignature(VECTORS[8][0], 'GET', TS, SECRET), VECTORS[7][2]);
});

test('a signature over the decoded path does not match the encoded one', () => {
  assert.notEqual(
    computeSignature('/api/v2/indicators/urls/http://example.com//owners', 'GET', TS, SECRET),
    VECTORS[4][2]
  );
});

test('the timestamp is part of what is signed', () => {
  assert.notEqual(computeSignature(VECTORS[0][0], 'GET', TS - 301, SECRET), VECTORS[0][2]);
});

test('signRequest builds the headers TC expects, with whole seconds', () => {
  const headers = signRequest(
    '/api/v2/owners',
    'get',
    { accessId: '12345678901234567890', apiKey: SECRET },
    TS + 0.9
  );
  assert.deepEqual(headers, {
    Authorization: 'TC 12345678901234567890:1/q6IcHmlUmjT1QoHrWnp6k9UUOQJM0CpbDQ0dSAYDQ=',
    Timestamp: String(TS)
  });
});

test('the API key is used byte for byte: $$, +, /, = and surrounding spaces matter', () => {
  const keys = ['a$$b', 'a+b/c=', 'a+b/c==', ' a+b/c=', 'a+b/c= '];
  const sigs = keys.map((k) => computeSignature('/api/v2/owners', 'GET', TS, k));
  assert.equal(new Set(sigs).size, keys.length);
  // Known answer for a key full of characters that URL/base64 handling would mangle.
  const expected = createHmac('sha256', 'de$$mo+/Key==').update(`/api/v2/owners:GET:${TS}`).digest('base64');
  assert.equal(computeSignature('/api/v2/owners', 'GET', TS, 'de$$mo+/Key=='), expected);
});
