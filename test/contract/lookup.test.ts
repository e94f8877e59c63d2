/**
 * The Polarity contract end to end: the built integration.js, called as Polarity calls it,
 * against the ThreatConnect simulator over HTTP.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator } from '../../dev/sim';
import {
  DEMO_USER,
  DEMO_ENTITIES,
  DEMO_BULK_VALUES,
  DEMO_ORG,
  DEMO_COMMUNITY,
  DEMO_SOURCE,
  PARTNER_ORG
} from '../../dev/sim/data/demo-dataset';
import { callOnce, entity, lookupOptions, wrapOptions } from '../helpers/polarity';
import { integration, useContractSuite } from '../helpers/contract';
import type { PolarityEntity, PolarityResult, PolarityValidationError } from '../../lib/types/polarity';
import type { TcDetails } from '../../lib/types/details';
import { loadConfig } from '../../lib/context';
import { resetLimiters } from '../../lib/limiter';

type Results = PolarityResult<TcDetails>[];

function lookup(entities: PolarityEntity[], overrides = {}) {
  return callOnce<Results>((cb) =>
    integration.doLookup(entities, lookupOptions(ctx.sim, DEMO_USER, overrides), cb)
  );
}

function demo(note: RegExp) {
  const found = DEMO_ENTITIES.find((d) => note.test(d.note));
  assert.ok(found, `no demo entity for ${note}`);
  return found;
}

function searches(): string[] {
  return ctx.sim.requests
    .filter((r) => r.method === 'GET' && r.path === '/api/v3/indicators')
    .map((r) => r.target);
}

function ownersOf(result: PolarityResult<TcDetails> | undefined): string[] {
  return (result?.data?.details.organizations ?? []).map((o) => o.owner.name).sort();
}

const ctx = useContractSuite();

describe('doLookup', () => {
  test('finds every demo entity in the owners the simulator says, one result per entity, in order', async () => {
    const entities = DEMO_ENTITIES.map((d) => entity(d.value));
    const { err, result } = await lookup(entities, { searchInactiveIndicators: false });
    assert.equal(err, null);
    assert.equal(result?.length, entities.length);
    DEMO_ENTITIES.forEach((d, i) => {
      assert.equal(result?.[i].entity, entities[i], 'result carries the entity object Polarity sent');
      assert.deepEqual(ownersOf(result?.[i]), [...d.owners].sort(), `${d.value}: ${d.note}`);
      if (d.owners.length === 0) assert.equal(result?.[i].data, null);
    });
  });

  test('a hit in three owners has one block per owner with id, rating, score, tags and a web link', async () => {
    const d = demo(/hit in 3 owners/);
    const { result } = await lookup([entity(d.value)]);
    const details = result?.[0].data?.details;
    assert.ok(details);
    assert.equal(details.schemaVersion, 1);
    assert.equal(details.indicatorType, 'Address');
    assert.deepEqual(
      details.organizations.map((o) => [o.owner.name, o.owner.type]),
      [
        [DEMO_ORG, 'Organization'],
        [DEMO_COMMUNITY, 'Community'],
        [DEMO_SOURCE, 'Source']
      ]
    );
    for (const o of details.organizations) {
      assert.ok(Number.isInteger(o.indicatorId) && o.indicatorId > 0);
      assert.equal(o.summary, d.storedAs);
      assert.match(o.webLink ?? '', new RegExp(`/#/details/indicators/${o.indicatorId}/overview$`));
      assert.equal(o.ratingLabel.length > 0, true);
      assert.ok(Array.isArray(o.tags));
    }
    const summary = result?.[0].data?.summary ?? [];
    assert.deepEqual(summary.slice(0, 3), [DEMO_ORG, DEMO_COMMUNITY.replace("'", '&#39;'), DEMO_SOURCE]);
    const top = Math.max(...details.organizations.map((o) => o.rating ?? 0));
    if (top > 0) assert.ok(summary.some((t) => t.startsWith(`Rating: ${top} `)));
  });

  test('misses come back as data: null and cost no extra request', async () => {
    const { err, result } = await lookup([entity('198.51.100.254'), entity('nothing-here.example')]);
    assert.equal(err, null);
    assert.deepEqual(
      result?.map((r) => r.data),
      [null, null]
    );
    assert.equal(searches().length, 1);
  });

  test('summary tags escape HTML that comes from TC', async () => {
    const d = demo(/HTML metacharacters/);
    const { result } = await lookup([entity(d.value)]);
    for (const tag of result?.[0].data?.summary ?? []) assert.ok(!/[<>]/.test(tag), tag);
  });

  test('entities are not modified', async () => {
    const entities = DEMO_ENTITIES.map((d) => entity(d.value));
    const copy = structuredClone(entities);
    await lookup(entities);
    assert.deepEqual(entities, copy);
  });

  test('inactive indicators are returned only when the option is on', async () => {
    const d = demo(/inactive/);
    const on = await lookup([entity(d.value)], { searchInactiveIndicators: true });
    assert.deepEqual(ownersOf(on.result?.[0]), [DEMO_ORG]);
    assert.equal(on.result?.[0].data?.details.organizations[0].active, false);
    const off = await lookup([entity(d.value)], { searchInactiveIndicators: false });
    assert.equal(off.result?.[0].data, null);
  });

  test('allowlist: names are trimmed and case-insensitive, and may contain apostrophes', async () => {
    const d = demo(/hit in 3 owners/);
    const { err, result } = await lookup([entity(d.value)], {
      searchAllowlist: ` ${DEMO_COMMUNITY.toUpperCase()} , demo organization `
    });
    assert.equal(err, null);
    assert.deepEqual(ownersOf(result?.[0]), [DEMO_ORG, DEMO_COMMUNITY].sort());
  });

  test('blocklist excludes the owners named, including one with a comma-free apostrophe name', async () => {
    const d = demo(/hit in 3 owners/);
    const { result } = await lookup([entity(d.value)], { searchBlocklist: DEMO_COMMUNITY.toLowerCase() });
    assert.deepEqual(ownersOf(result?.[0]), [DEMO_ORG, DEMO_SOURCE].sort());
  });

  test('an owner whose name contains a comma is named in double quotes', async () => {
    const d = demo(/hit in 3 owners/);
    const allow = await lookup([entity(d.value)], {
      searchAllowlist: `"${DEMO_SOURCE.toLowerCase()}", ${DEMO_ORG}`
    });
    assert.deepEqual(ownersOf(allow.result?.[0]), [DEMO_ORG, DEMO_SOURCE].sort());
    const block = await lookup([entity(d.value)], { searchBlocklist: `"${DEMO_SOURCE}"` });
    assert.deepEqual(ownersOf(block.result?.[0]), [DEMO_ORG, DEMO_COMMUNITY].sort());
  });

  test('11 entities of 6 Polarity types cost at most 5 search requests', async () => {
    const values = [
      '192.0.2.10',
      '203.0.113.66',
      '2001:db8::1',
      '2001:db8::2',
      DEMO_ENTITIES[4].value,
      DEMO_ENTITIES[5].value,
      'malware-c2.example',
      'LOGIN-PORTAL.EXAMPLE',
      'phisher@bad-mail.example',
      'someone@else.example',
      'https://login.example/path?a=1&b=(2)'
    ];
    const entities = values.map((v) => entity(v));
    assert.equal(new Set(entities.map((e) => e.type)).size >= 6, true);
    const { err } = await lookup(entities);
    assert.equal(err, null);
    assert.ok(searches().length <= 5, `${searches().length} searches`);
    assert.equal(searches().length, 1, 'they all fit in one search');
  });

  test('more hits than one page holds: every page is read through next links on the configured origin', async () => {
    // 400 addresses in all three owners give 1 200 hits: two pages of 1 000. The simulator's links
    // omit its port, as TC does, so following them verbatim would miss the simulator entirely.
    const big = await startSimulator({ maxTargetLength: 65536 });
    try {
      // Stored as TC stores IPv6 (expanded); looked up in the compressed form analysts see.
      const ips = Array.from({ length: 400 }, (_, i) => `2001:db8:0:0:0:0:1:${i.toString(16)}`);
      assert.equal(new Set(ips).size, 400);
      for (const ip of ips)
        for (const ownerName of [DEMO_ORG, DEMO_COMMUNITY, DEMO_SOURCE]) {
          big.dataset.addIndicator({ ownerName, type: 'Address', value: ip });
        }
      const { err, result } = await callOnce<Results>((cb) =>
        integration.doLookup(
          ips.map((ip) => entity(ip.replace(':0:0:0:0:', '::'))),
          lookupOptions(big, DEMO_USER, { maxRequestUrlLength: 30000 }),
          cb
        )
      );
      assert.equal(err, null);
      for (const r of result ?? []) assert.equal(r.data?.details.organizations.length, 3, r.entity.value);
      const pages = big.requests.filter((r) => r.path === '/api/v3/indicators');
      assert.equal(pages.length, 2);
      assert.deepEqual(
        pages.map((p) => p.query.resultStart?.[0]),
        ['0', '1000']
      );
      assert.deepEqual(pages[1].query.tql, pages[0].query.tql, 'the next page repeats the query');
      assert.ok(big.requests.every((r) => r.authOk));
    } finally {
      await big.close();
    }
  });

  test('a batch that exceeds the length limit is split, each request under the limit, nothing lost', async () => {
    const limit = 1024;
    const values = [...DEMO_BULK_VALUES, ...DEMO_ENTITIES.map((d) => d.value)];
    const { err, result } = await lookup(
      values.map((v) => entity(v)),
      { maxRequestUrlLength: limit }
    );
    assert.equal(err, null);
    const targets = searches();
    assert.ok(targets.length > 1, 'split into several searches');
    for (const t of targets) assert.ok(Buffer.byteLength(t) <= limit, `${Buffer.byteLength(t)} > ${limit}`);
    assert.equal(
      result?.filter((r) => r.data).length,
      DEMO_BULK_VALUES.length + DEMO_ENTITIES.filter((d) => d.owners.length || /inactive/.test(d.note)).length
    );
  });

  test('a value full of characters that need encoding and TQL escaping is found', async () => {
    const text = `https://odd.example/a'b(c)*!d?x="y z"&w=\`1\`&p=%41+\\`;
    ctx.sim.dataset.addIndicator({ ownerName: DEMO_ORG, type: 'URL', value: text, rating: 2 });
    const { err, result } = await lookup([entity(text, 'url')]);
    assert.equal(err, null);
    assert.deepEqual(ownersOf(result?.[0]), [DEMO_ORG]);
    assert.ok(ctx.sim.requests.every((r) => r.authOk));
  });

  test('entities TC cannot search are misses with a warning, not errors', async () => {
    const bad = [
      { type: 'IPv6', value: '2001:db8:::zz' },
      { type: 'cve', value: 'CVE-2024-0001' }
    ];
    const { err, result } = await lookup([...bad, entity('192.0.2.10')]);
    assert.equal(err, null);
    assert.deepEqual(
      result?.map((r) => r.data === null),
      [true, true, false]
    );
    assert.ok(ctx.logger.lines.some((l) => l.level === 'warn' && /2001:db8:::zz/.test(l.text)));
  });

  test('a malformed entity is a miss and does not fail the others in the batch', async () => {
    const malformed = [
      null,
      { value: '1.2.3.4', type: 'string', types: 'IPv4' },
      { value: 'http://x.example/\uD800', type: 'url', types: ['url'] },
      { type: 'IPv4' },
      'not an object'
    ] as unknown as PolarityEntity[];
    const { err, result } = await lookup([entity('192.0.2.10'), ...malformed]);
    assert.equal(err, null);
    assert.equal(result?.length, 6);
    assert.equal(result?.[0].data?.details.organizations.length, 3);
    assert.deepEqual(
      result?.slice(1).map((r) => r.data),
      [null, null, null, null, null]
    );
  });

  test('an entity whose type is "string" is searched by the type in `types`', async () => {
    const e = { ...entity('192.0.2.10'), type: 'string' };
    const { result } = await lookup([e]);
    assert.equal(result?.[0].data?.details.organizations.length, 3);
  });
});

describe('doLookup failures reach Polarity as one error with a hint', () => {
  test('wrong API key', async () => {
    const { err, result } = await callOnce<Results>((cb) =>
      integration.doLookup(
        [entity('192.0.2.10')],
        lookupOptions(ctx.sim, { ...DEMO_USER, apiKey: 'wrong-key-value' }),
        cb
      )
    );
    assert.equal(result, undefined);
    assert.ok(err);
    assert.match(err.detail, /Signature data did not match/);
    assert.match(err.help ?? '', /Access ID and API key/);
    assert.ok(!JSON.stringify(err).includes('wrong-key-value'));
  });

  test('clock skew beyond five minutes', async () => {
    ctx.sim.setNow(() => Date.now() + 10 * 60 * 1000);
    const { err } = await lookup([entity('192.0.2.10')]);
    assert.ok(err);
    assert.match(err.detail, /Timestamp out of acceptable time range/);
    assert.match(err.help ?? '', /clock/);
  });

  test('unknown Access ID', async () => {
    const { err } = await callOnce<Results>((cb) =>
      integration.doLookup(
        [entity('192.0.2.10')],
        lookupOptions(ctx.sim, { accessId: 'nobody', apiKey: 'x-y-z-w' }),
        cb
      )
    );
    assert.ok(err);
    assert.match(err.detail, /Access Denied/);
  });

  test('unreachable host: an error, quickly, no hang', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const started = Date.now();
    const { err } = await lookup([entity('192.0.2.10')], { url: `http://127.0.0.1:${port}/api` });
    assert.ok(err);
    assert.match(err.detail, /ECONNREFUSED/);
    assert.match(err.help ?? '', /host and port/);
    assert.ok(Date.now() - started < 5000);
  });

  test('an HTML page instead of the API points at the /api URL', async () => {
    ctx.sim.addFault({ kind: 'html', status: 200 });
    const { err } = await lookup([entity('192.0.2.10')]);
    assert.ok(err);
    assert.match(err.detail, /HTML/);
    assert.match(err.help ?? '', /end.*in \/api/);
  });

  test('an empty body', async () => {
    ctx.sim.addFault({ kind: 'empty', status: 200 });
    const { err } = await lookup([entity('192.0.2.10')]);
    assert.ok(err);
    assert.match(err.detail, /empty body/);
  });

  test('invalid options are an error naming them', async () => {
    const { err } = await callOnce<Results>((cb) =>
      integration.doLookup([entity('192.0.2.10')], { url: 'nope' }, cb)
    );
    assert.ok(err);
    assert.match(err.detail, /url/);
    assert.match(err.detail, /accessId/);
  });
});

describe('validateOptions', () => {
  function validate(overrides = {}) {
    return callOnce<PolarityValidationError[]>((cb) =>
      integration.validateOptions(wrapOptions(lookupOptions(ctx.sim, DEMO_USER, overrides)), cb)
    );
  }

  test('valid credentials and owner names pass with one signed request', async () => {
    const { err, result } = await validate({
      searchAllowlist: `${DEMO_COMMUNITY.toLowerCase()}, ${DEMO_ORG}`
    });
    assert.equal(err, null);
    assert.deepEqual(result, []);
    assert.equal(ctx.sim.requests.length, 1);
    assert.equal(ctx.sim.requests[0].authOk, true);
  });

  test('required fields and the allowlist/blocklist exclusion are checked without a request', async () => {
    const { result } = await validate({
      url: '',
      accessId: '',
      apiKey: '',
      searchAllowlist: 'a',
      searchBlocklist: 'b'
    });
    assert.deepEqual(result?.map((p) => p.key).sort(), [
      'accessId',
      'apiKey',
      'searchAllowlist',
      'searchBlocklist',
      'url'
    ]);
    assert.equal(ctx.sim.requests.length, 0);
  });

  test('a URL that is not http(s) is refused', async () => {
    const { result } = await validate({ url: 'ftp://tc.example.test/api' });
    assert.deepEqual(
      result?.map((p) => p.key),
      ['url']
    );
  });

  test('a wrong API key is attached to apiKey with the hint', async () => {
    const { result } = await validate({ apiKey: 'not-the-key' });
    assert.equal(result?.length, 1);
    assert.equal(result?.[0].key, 'apiKey');
    assert.match(result?.[0].message ?? '', /Signature data did not match.*Access ID and API key/s);
  });

  test('an unknown Access ID is attached to accessId', async () => {
    const { result } = await validate({ accessId: 'who-is-this' });
    assert.equal(result?.[0].key, 'accessId');
  });

  test('an allowlist name the API user cannot see is attached to the allowlist', async () => {
    const { result } = await validate({ searchAllowlist: `${DEMO_ORG}, ${PARTNER_ORG}` });
    assert.equal(result?.length, 1);
    assert.equal(result?.[0].key, 'searchAllowlist');
    assert.match(result?.[0].message ?? '', new RegExp(PARTNER_ORG));
  });

  test('a blocklist name that matches nothing is attached to the blocklist', async () => {
    const { result } = await validate({ searchBlocklist: 'No Such Feed' });
    assert.equal(result?.[0].key, 'searchBlocklist');
  });

  test('an unreachable URL is attached to url', async () => {
    const { result } = await validate({ url: 'http://127.0.0.1:1/api' });
    assert.equal(result?.[0].key, 'url');
    assert.match(result?.[0].message ?? '', /host and port/);
  });

  test('a URL without /api is attached to url with the /api hint', async () => {
    ctx.sim.addFault({ kind: 'html', status: 200 });
    const { result } = await validate({ url: ctx.sim.origin });
    assert.equal(result?.[0].key, 'url');
    assert.match(result?.[0].message ?? '', /\/api/);
  });
});

describe('transport', () => {
  test('through an HTTP proxy the target is sent as signed and verifies', async () => {
    const seen: string[] = [];
    const proxy = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      const target = new URL(req.url ?? '');
      // Forward the raw path and query untouched: a proxy must not re-encode either.
      const raw = (req.url ?? '').slice(target.origin.length);
      const upstream = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: raw, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        }
      );
      req.pipe(upstream);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      loadConfig({
        request: { proxy: `http://user:proxy-pass@127.0.0.1:${(proxy.address() as AddressInfo).port}` }
      });
      await resetLimiters();
      const text = `https://odd.example/proxy'd (x)*!`;
      ctx.sim.dataset.addIndicator({ ownerName: DEMO_SOURCE, type: 'URL', value: text });
      const { err, result } = await lookup([entity(text, 'url'), entity('192.0.2.10')], {
        url: ctx.sim.url + '/'
      });
      assert.equal(err, null);
      assert.deepEqual(ownersOf(result?.[0]), [DEMO_SOURCE]);
      assert.ok(seen.length >= 1, 'requests went through the proxy');
      assert.ok(ctx.sim.requests.every((r) => r.authOk));
      assert.ok(!ctx.logger.text().includes('proxy-pass'));
    } finally {
      loadConfig();
      proxy.close();
    }
  });

  test('a missing CA file in config.json is reported by every lookup, not a crash', async () => {
    loadConfig({ request: { ca: 'no/such/ca.pem' } });
    try {
      const { err } = await lookup([entity('192.0.2.10')]);
      assert.ok(err);
      assert.match(err.detail, /request\.ca could not be read/);
    } finally {
      loadConfig();
    }
  });
});
