/**
 * Every operation the overlay and Polarity can trigger, against every failure TC (or what
 * stands in front of it) can produce. Each cell checks the kind of outcome, that the callback
 * fired exactly once, that nothing was left unhandled and that no secret reached a log line.
 * The matrix is printed at the end.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LookupFunction } from 'node:net';
import { startSimulator, type Simulator } from '../../dev/sim';
import { DEMO_USER, DEMO_ORG, DEMO_COMMUNITY } from '../../dev/sim/data/demo-dataset';
import type { Fault } from '../../dev/sim/types';
import { callOnce, entity, lookupOptions, recordingLogger } from '../helpers/polarity';
import { selfSignedCert, startTinyproxy, type RunningProxy, type SelfSigned } from '../helpers/processes';
import type { PolarityOptions, PolarityResult } from '../../lib/types/polarity';
import type { TcDetails } from '../../lib/types/details';
import { loadConfig } from '../../lib/context';
import { resetLimiters } from '../../lib/limiter';
import { clearOwnerCache } from '../../lib/owners';
import { clearSearchCache } from '../../lib/coalesce';
import { resetRuntime, setRuntime } from '../../lib/runtime';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const integration = require('../../integration.js') as typeof import('../../integration');

type Outcome = 'ok' | 'retryable' | 'kept' | 'error' | 'error-reply';
type Expect = 'ok' | 'transient' | 'admin';

interface Scenario {
  name: string;
  expect: Expect;
  /** Prepare the world; returns option overrides and a cleanup. */
  setup(): Promise<{ options?: Partial<PolarityOptions>; cleanup?: () => Promise<void> | void }>;
}

const ops = [
  'lookup',
  'details',
  'ADD_TAG',
  'REMOVE_TAG',
  'SET_RATING',
  'SET_CONFIDENCE',
  'REPORT_FALSE_POSITIVE',
  'GET_FIELD',
  'RETRY_LOOKUP'
] as const;
type Op = (typeof ops)[number];

let sim: Simulator;
let tlsSim: Simulator;
let cert: SelfSigned;
let proxy: RunningProxy;
let lookupResult: PolarityResult<TcDetails>;
let indicatorId: number;
const sleeps: number[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const matrix: Array<{ scenario: string; cells: Record<string, string> }> = [];

/** Resolves every name to 127.0.0.1 except *.unresolvable.test, so no DNS query leaves the machine. */
const fakeLookup = ((hostname: string, options: unknown, callback: (...args: unknown[]) => void) => {
  const cb = (typeof options === 'function' ? options : callback) as (...args: unknown[]) => void;
  const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all;
  if (hostname.endsWith('.unresolvable.test')) {
    const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
      code: 'ENOTFOUND',
      hostname
    });
    return process.nextTick(() => cb(err));
  }
  process.nextTick(() => (all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4)));
}) as unknown as LookupFunction;

function fault(f: Fault): Scenario['setup'] {
  return async () => {
    sim.addFault(f);
    return {};
  };
}

const scenarios: Scenario[] = [
  {
    name: '401 bad signature',
    expect: 'admin',
    setup: async () => ({ options: { apiKey: 'not-the-demo-key' } })
  },
  {
    name: '401 clock skew',
    expect: 'admin',
    setup: async () => {
      sim.setNow(() => Date.now() - 10 * 60 * 1000);
      return { cleanup: () => sim.setNow(Date.now) };
    }
  },
  { name: '403', expect: 'admin', setup: fault({ kind: 'status', status: 403 }) },
  { name: '404', expect: 'admin', setup: fault({ kind: 'status', status: 404 }) },
  {
    name: '429 + Retry-After',
    expect: 'transient',
    setup: fault({ kind: 'status', status: 429, headers: { 'Retry-After': '1' } })
  },
  { name: '429', expect: 'transient', setup: fault({ kind: 'status', status: 429 }) },
  { name: '500', expect: 'transient', setup: fault({ kind: 'status', status: 500 }) },
  { name: '502', expect: 'transient', setup: fault({ kind: 'html', status: 502 }) },
  { name: '503', expect: 'transient', setup: fault({ kind: 'status', status: 503 }) },
  { name: '504', expect: 'transient', setup: fault({ kind: 'empty', status: 504 }) },
  {
    name: '429 once, then OK',
    expect: 'ok',
    setup: fault({ kind: 'status', status: 429, headers: { 'Retry-After': '2' }, times: 1 })
  },
  { name: 'HTML body', expect: 'admin', setup: fault({ kind: 'html', status: 200 }) },
  { name: 'empty body', expect: 'admin', setup: fault({ kind: 'empty', status: 200 }) },
  { name: 'invalid JSON', expect: 'admin', setup: fault({ kind: 'invalid-json', status: 200 }) },
  { name: 'connection reset', expect: 'transient', setup: fault({ kind: 'reset' }) },
  {
    name: 'never answers',
    expect: 'transient',
    setup: async () => {
      sim.addFault({ kind: 'hang' });
      return { options: { requestTimeout: 0.3 } };
    }
  },
  {
    name: 'self-signed, no CA',
    expect: 'admin',
    setup: async () => ({ options: { url: tlsSim.url } })
  },
  {
    name: 'self-signed, CA set',
    expect: 'ok',
    setup: async () => {
      loadConfig({ request: { ca: cert.certPath } });
      return { options: { url: tlsSim.url }, cleanup: () => loadConfig() };
    }
  },
  {
    name: 'unresolvable host',
    expect: 'admin',
    setup: async () => ({ options: { url: `http://tc.unresolvable.test:${sim.port}/api` } })
  },
  {
    name: 'host via injected DNS',
    expect: 'ok',
    setup: async () => ({ options: { url: `http://tc.example.test:${sim.port}/api` } })
  },
  {
    name: 'through tinyproxy',
    expect: 'ok',
    setup: async () => {
      loadConfig({ request: { proxy: proxy.url } });
      const seen = proxy.log().length;
      return {
        cleanup: () => {
          loadConfig();
          // The requests really went through tinyproxy, and still verified at the simulator.
          assert.match(proxy.log().slice(seen), /GET http:\/\/127\.0\.0\.1:\d+\/api\/v3\//);
        }
      };
    }
  }
];

function expected(op: Op, expect: Expect): Outcome {
  if (expect === 'ok') return 'ok';
  const action = op !== 'lookup' && op !== 'details' && op !== 'RETRY_LOOKUP';
  if (action) return 'error-reply';
  if (expect === 'admin') return op === 'RETRY_LOOKUP' ? 'error-reply' : 'error';
  return op === 'details' ? 'kept' : 'retryable';
}

async function run(op: Op, options: PolarityOptions): Promise<Outcome> {
  if (op === 'lookup') {
    const { err, result } = await callOnce<PolarityResult<TcDetails>[]>((cb) =>
      integration.doLookup([entity('192.0.2.10'), entity('malware-c2.example')], options, cb)
    );
    if (err) {
      assert.ok(err.detail, 'an error always has a detail');
      return 'error';
    }
    assert.equal(result?.length, 2);
    if (result?.every((r) => r.isVolatile && r.data?.summary.includes('ThreatConnect unavailable')))
      return 'retryable';
    assert.ok(result?.every((r) => r.data && !r.isVolatile));
    return 'ok';
  }
  if (op === 'details') {
    const { err, result } = await callOnce<{ summary: string[]; details: TcDetails }>((cb) =>
      integration.onDetails(lookupResult, options, cb)
    );
    if (err) return 'error';
    if (result?.details.errorMessage) {
      assert.equal(result.details.organizations.length, 3, 'the cached organizations are kept');
      return 'kept';
    }
    return 'ok';
  }
  const payload: Record<Op, Record<string, unknown>> = {
    lookup: {},
    details: {},
    ADD_TAG: { action: 'ADD_TAG', indicatorId, tag: 'matrix' },
    REMOVE_TAG: { action: 'REMOVE_TAG', indicatorId, tag: 'matrix' },
    SET_RATING: { action: 'SET_RATING', indicatorId, rating: 3 },
    SET_CONFIDENCE: { action: 'SET_CONFIDENCE', indicatorId, confidence: 60 },
    REPORT_FALSE_POSITIVE: { action: 'REPORT_FALSE_POSITIVE', indicatorId },
    GET_FIELD: { action: 'GET_FIELD', indicatorId, field: 'associatedGroups' },
    RETRY_LOOKUP: { action: 'RETRY_LOOKUP', entity: entity('192.0.2.10') }
  };
  const reply = await callOnce<object>((cb) => integration.onMessage(payload[op], options, cb));
  const { err } = reply;
  const result = reply.result as Record<string, unknown> | undefined;
  assert.equal(err, null, 'onMessage reports failures inside the reply');
  if (result && 'error' in result) {
    assert.ok((result.error as { detail?: string }).detail);
    return 'error-reply';
  }
  if (op === 'RETRY_LOOKUP') {
    const data = (result as { data?: { details?: TcDetails } }).data;
    if (data?.details?.errorMessage) return 'retryable';
  }
  return 'ok';
}

before(async () => {
  process.on('unhandledRejection', onUnhandled);
  cert = selfSignedCert();
  sim = await startSimulator();
  tlsSim = await startSimulator({ tls: { key: cert.key, cert: cert.cert } });
  proxy = await startTinyproxy();
  setRuntime({ sleep: async (ms) => void sleeps.push(ms), lookup: fakeLookup as never });
  integration.startup(recordingLogger());
  const { result } = await callOnce<PolarityResult<TcDetails>[]>((cb) =>
    integration.doLookup([entity('192.0.2.10')], lookupOptions(sim, DEMO_USER), cb)
  );
  assert.ok(result?.[0]);
  lookupResult = result[0];
  indicatorId =
    lookupResult.data?.details.organizations.find((o) => o.owner.name === DEMO_ORG)?.indicatorId ?? 0;
  assert.ok(indicatorId > 0);
  assert.ok(lookupResult.data?.details.organizations.some((o) => o.owner.name === DEMO_COMMUNITY));
});

after(async () => {
  process.off('unhandledRejection', onUnhandled);
  resetRuntime();
  loadConfig();
  await Promise.all([sim?.close(), tlsSim?.close(), proxy?.stop()]);
  await resetLimiters();
  const widths = [
    Math.max(8, ...matrix.map((r) => r.scenario.length)),
    ...ops.map((o) => Math.max(o.length, ...matrix.map((r) => (r.cells[o] ?? '').length)))
  ];
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
  const lines = [line(['scenario', ...ops]), widths.map((w) => '-'.repeat(w)).join('-|-')];
  for (const row of matrix) lines.push(line([row.scenario, ...ops.map((o) => row.cells[o] ?? '')]));
  console.log('\nFault matrix (outcome per operation; ✓ = as expected)\n' + lines.join('\n') + '\n');
});

for (const scenario of scenarios) {
  test(`fault matrix: ${scenario.name}`, async () => {
    const row: Record<string, string> = {};
    matrix.push({ scenario: scenario.name, cells: row });
    for (const op of ops) {
      clearOwnerCache();
      clearSearchCache();
      sim.clearFaults();
      sleeps.length = 0;
      const logger = recordingLogger();
      integration.startup(logger);
      const { options: overrides = {}, cleanup } = await scenario.setup();
      const sentBefore = sim.requests.length;
      let outcome: Outcome;
      try {
        outcome = await run(op, lookupOptions(sim, DEMO_USER, overrides));
      } finally {
        await cleanup?.();
        sim.clearFaults();
      }
      const want = expected(op, scenario.expect);
      row[op] = `${outcome}${outcome === want ? ' ✓' : ' ✗'}`;
      assert.equal(outcome, want, `${scenario.name} / ${op}`);
      const text = logger.text();
      assert.ok(
        !text.includes(DEMO_USER.apiKey) && !text.includes('not-the-demo-key'),
        `${op}: API key logged`
      );
      assert.ok(
        !/TC (demo-access-id|\[REDACTED\]):[A-Za-z0-9+/]{20,}/.test(text),
        `${op}: Authorization logged`
      );
      if (scenario.name === '429 + Retry-After' && op === 'lookup')
        assert.ok(sleeps.includes(1000), 'Retry-After honoured');
      if (scenario.name === '429 once, then OK' && op === 'lookup') assert.deepEqual(sleeps, [2000]);
      if (op === 'REPORT_FALSE_POSITIVE' && scenario.expect === 'transient') {
        const posts = sim.requests.slice(sentBefore).filter((r) => r.method === 'POST');
        assert.ok(posts.length <= 1, 'the false-positive POST is never retried');
      }
    }
    assert.deepEqual(unhandled, [], 'no unhandled rejection');
  });
}
