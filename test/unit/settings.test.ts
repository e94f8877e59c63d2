import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOptions, parseNameList, readSettings } from '../../lib/settings';
import { TcError } from '../../lib/tc/errors';

const base = { url: 'https://tc.example.test/api/', accessId: ' id ', apiKey: ' key+/= ' };

test('name lists split on commas only, trim, drop empties and case-insensitive duplicates', () => {
  assert.deepEqual(parseNameList(" Analysts' Community ,Demo Org,, demo org , Feed (Source) "), [
    "Analysts' Community",
    'Demo Org',
    'Feed (Source)'
  ]);
  assert.deepEqual(parseNameList(undefined), []);
});

test('a name containing a comma is written in double quotes; "" is a literal quote', () => {
  assert.deepEqual(parseNameList(' "Open Feeds, Tier 1" , Demo Org,"Say ""hi"", ok"'), [
    'Open Feeds, Tier 1',
    'Demo Org',
    'Say "hi", ok'
  ]);
  assert.deepEqual(parseNameList('O"Brien Feed'), ['O"Brien Feed']);
  assert.deepEqual(parseNameList('"unterminated, still one'), ['unterminated, still one']);
});

test('valid options give frozen settings; the API key is kept byte for byte, the URL without trailing slash', () => {
  const s = readSettings({ ...base, _request: { user: { username: 'alice' } } });
  assert.equal(s.url, 'https://tc.example.test/api');
  assert.equal(s.accessId, 'id');
  assert.equal(s.apiKey, ' key+/= ');
  assert.equal(s.username, 'alice');
  assert.deepEqual(s.ownerFilter, { mode: 'all' });
  assert.equal(s.maxConcurrent, 10);
  assert.equal(s.minTime, 0);
  assert.equal(s.maxRequestUrlLength, 7000);
  assert.equal(s.searchInactive, true);
  assert.ok(Object.isFrozen(s));
});

test('each invalid option is reported under its own key', () => {
  const { problems, settings } = parseOptions({
    url: 'ftp://x',
    accessId: '',
    apiKey: '   ',
    searchAllowlist: 'A',
    searchBlocklist: 'B',
    maxConcurrent: 0,
    minTime: -1,
    maxRequestUrlLength: 10,
    requestTimeout: 0,
    maxQueuedRequests: 1.5,
    resultCacheSeconds: -1
  });
  assert.equal(settings, undefined);
  assert.deepEqual(
    problems.map((p) => p.key).sort(),
    [
      'accessId',
      'apiKey',
      'maxConcurrent',
      'maxQueuedRequests',
      'maxRequestUrlLength',
      'minTime',
      'requestTimeout',
      'resultCacheSeconds',
      'searchAllowlist',
      'searchBlocklist',
      'url'
    ].sort()
  );
});

test('numbers may arrive as strings; select-style {value} wrappers are unwrapped', () => {
  const { settings } = parseOptions({
    ...base,
    maxConcurrent: '4',
    minTime: '25',
    url: { value: 'http://h/api' } as unknown as string
  });
  assert.equal(settings?.maxConcurrent, 4);
  assert.equal(settings?.minTime, 25);
  assert.equal(settings?.url, 'http://h/api');
});

test('numbers must be numbers or plain decimal strings, within bounds', () => {
  const bad = [
    { maxConcurrent: '0x10' },
    { maxConcurrent: true },
    { maxConcurrent: [2] },
    { maxConcurrent: 101 },
    { minTime: 1e12 },
    { requestTimeout: 3000000 },
    { maxRequestUrlLength: 1e9 },
    { maxRequestUrlLength: 2000.5 },
    { maxQueuedRequests: 1e6 },
    { resultCacheSeconds: '1e3' },
    { resultCacheSeconds: 86401 }
  ];
  for (const option of bad) {
    const { problems } = parseOptions({ ...base, ...option } as never);
    assert.deepEqual(
      problems.map((p) => p.key),
      Object.keys(option),
      JSON.stringify(option)
    );
  }
  const { settings } = parseOptions({
    ...base,
    maxConcurrent: ' 100 ',
    requestTimeout: '600',
    minTime: 60000
  });
  assert.deepEqual(
    [settings?.maxConcurrent, settings?.requestTimeoutMs, settings?.minTime],
    [100, 600000, 60000]
  );
});

test('readSettings throws one config error naming the options at fault, without the key', () => {
  assert.throws(
    () => readSettings({ url: '', accessId: 'x', apiKey: 'topsecret-value' }),
    (err: unknown) =>
      err instanceof TcError &&
      err.kind === 'config' &&
      /url/.test(err.message) &&
      !/topsecret/.test(err.message)
  );
});
