import { test } from 'node:test';
import assert from 'node:assert/strict';
import { searchSuffix, tqlString, idQuery, INCLUDE_INACTIVE } from '../../lib/tql';
import { planSearches, searchQuery } from '../../lib/search-plan';
import { buildTarget } from '../../lib/tc/encode';
import type { IndicatorRef } from '../../lib/entities';

test('tqlString escapes backslash, both quotes and the backtick, each exactly once', () => {
  assert.equal(tqlString('plain'), '"plain"');
  assert.equal(tqlString(`a"b`), '"a\\"b"');
  assert.equal(tqlString(`a'b`), `"a\\'b"`);
  assert.equal(tqlString('a`b'), '"a\\`b"');
  assert.equal(tqlString('a\\b'), '"a\\\\b"');
  assert.equal(tqlString('\\"'), '"\\\\\\""');
  assert.equal(tqlString(`x\\'y`), `"x\\\\\\'y"`);
});

test('owner filters use the resolved names, each as its own escaped literal', () => {
  assert.equal(searchSuffix(false, { mode: 'all' }), '');
  assert.equal(searchSuffix(true, { mode: 'all' }), ` and ${INCLUDE_INACTIVE}`);
  assert.equal(
    searchSuffix(false, { mode: 'allow', names: ["Analysts' Community", 'Demo Org, Inc'] }),
    ` and ownerName in ("Analysts\\' Community", "Demo Org, Inc")`
  );
  assert.equal(
    searchSuffix(true, { mode: 'block', names: ['A "B"'] }),
    ` and ${INCLUDE_INACTIVE} and ownerName not in ("A \\"B\\"")`
  );
});

test('idQuery lists integer ids bare', () => {
  assert.equal(idQuery([3, 10, 42]), 'id in (3,10,42)');
});

const refs: IndicatorRef[] = [
  { tcType: 'Host', value: 'bad.example' },
  { tcType: 'Address', value: '192.0.2.1' },
  { tcType: 'File', value: 'D41D8CD98F00B204E9800998ECF8427E', hashField: 'value1' },
  { tcType: 'File', value: 'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709', hashField: 'value2' },
  { tcType: 'Address', value: '2001:db8:0:0:0:0:0:1' },
  { tcType: 'URL', value: 'https://x.example/?a=1&b=(2)' },
  { tcType: 'EmailAddress', value: `o'neil@mail.example` }
];

test('one search holds every type when it fits, one term per type', () => {
  const tqls = planSearches(refs, searchSuffix(false, { mode: 'all' }), '/api', 7000);
  assert.deepEqual(tqls, [
    '((typeName="Address" and summary in ("192.0.2.1", "2001:db8:0:0:0:0:0:1")) or ' +
      '(typeName="Host" and summary in ("bad.example")) or ' +
      `(typeName="EmailAddress" and summary in ("o\\'neil@mail.example")) or ` +
      '(typeName="URL" and summary in ("https://x.example/?a=1&b=(2)")) or ' +
      '(typeName="File" and (value1 in ("D41D8CD98F00B204E9800998ECF8427E") or value2 in ("DA39A3EE5E6B4B0D3255BFEF95601890AFD80709"))))'
  ]);
});

test('batches split at the length limit, every target fits, and no value is lost or repeated', () => {
  const many: IndicatorRef[] = [];
  for (let i = 0; i < 600; i++)
    many.push({ tcType: 'Address', value: `198.51.100.${i % 256}` + (i >= 256 ? `${i}` : '') });
  for (let i = 0; i < 50; i++) many.push({ tcType: 'Host', value: `host-${i}.example` });
  const suffix = searchSuffix(true, { mode: 'block', names: ['Noisy Feed'] });
  for (const limit of [1024, 2000, 7000]) {
    const tqls = planSearches(many, suffix, '/api', limit);
    const lengths = tqls.map((t) => buildTarget('/api', ['v3', 'indicators'], searchQuery(t)).length);
    for (const l of lengths) assert.ok(l <= limit, `target of ${l} bytes exceeds ${limit}`);
    // Greedy packing: merging any two neighbours would not fit, so no batch is wastefully small.
    const found = tqls
      .flatMap((t) => [...t.matchAll(/"([^"]+)"/g)].map((m) => m[1]))
      .filter((v) => v !== 'Address' && v !== 'Host' && v !== 'Noisy Feed');
    assert.equal(found.length, many.length);
    assert.equal(new Set(found).size, many.length);
    for (const t of tqls) assert.ok(t.endsWith(suffix));
  }
  assert.ok(
    planSearches(many, suffix, '/api', 1024).length > planSearches(many, suffix, '/api', 7000).length
  );
});

test('the planner costs the encoded TQL exactly: a limit equal to the target length fits one search', () => {
  const [single] = planSearches(refs, '', '/api', 100000);
  const exact = buildTarget('/api', ['v3', 'indicators'], searchQuery(single)).length;
  assert.equal(planSearches(refs, '', '/api', exact).length, 1);
  assert.equal(planSearches(refs, '', '/api', exact - 1).length, 2);
});

test('a value longer than the limit is still searched, alone', () => {
  const huge: IndicatorRef = { tcType: 'URL', value: 'https://long.example/' + 'a'.repeat(3000) };
  const tqls = planSearches([huge, refs[0]], '', '/api', 1024);
  assert.equal(tqls.length, 2);
  assert.ok(tqls.some((t) => t.includes('a'.repeat(3000))));
});
