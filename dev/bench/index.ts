/**
 * `npm run bench`: prints numbers, asserts nothing. The simulator runs in its own process with
 * injected latency, so network waits are real and the integration's CPU and memory are its own.
 *
 *   node --expose-gc dev/bench/index.js [--latency 50] [--runs 5]
 */
import { spawn, type ChildProcess } from 'child_process';
import { cpus, totalmem } from 'os';
import { resolve } from 'path';
import { parseArgs } from 'util';
import request from 'postman-request';
import * as async from 'async';
import { createDemoDataset, DEMO_USER } from '../sim';
import * as integration from '../../integration';
import { buildTarget } from '../../lib/tc/encode';
import { signRequest } from '../../lib/tc/sign';
import { tqlString } from '../../lib/tql';
import { entityFromValue } from '../../lib/detect';
import { normaliseEntity, type IndicatorRef } from '../../lib/entities';
import { planSearchBatches } from '../../lib/search-plan';
import { searchSuffix } from '../../lib/tql';
import { hitResult, toOrganizationView } from '../../lib/results';
import { V2_BRANCH } from '../../lib/actions';
import { createLinkRewriter } from '../../lib/links';
import { clearOwnerCache } from '../../lib/owners';
import type {
  PolarityEntity,
  PolarityError,
  PolarityOptions,
  PolarityResult
} from '../../lib/types/polarity';
import type { TcDetails } from '../../lib/types/details';
import type { TcV3Indicator } from '../../lib/types/tc';

const { values: args } = parseArgs({
  options: { latency: { type: 'string', default: '50' }, runs: { type: 'string', default: '5' } }
});
const LATENCY = Number(args.latency);
const RUNS = Number(args.runs);

interface Sim {
  url: string;
  requests: () => number;
  stop: () => void;
}

function startSimProcess(): Promise<Sim> {
  const script = resolve(__dirname, '..', 'sim', 'main.js');
  const child: ChildProcess = spawn(process.execPath, [script, '--latency', String(LATENCY), '--log'], {
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let count = 0;
  child.stderr?.on('data', (chunk: Buffer) => {
    count += chunk
      .toString()
      .split('\n')
      .filter((l) => /^\d+ [A-Z]+ \//.test(l)).length;
  });
  return new Promise((resolveSim, reject) => {
    child.once('exit', (code) => reject(new Error(`simulator exited (${code})`)));
    child.stdout?.once('data', (chunk: Buffer) => {
      const { url } = JSON.parse(chunk.toString().split('\n')[0]) as { url: string };
      resolveSim({ url, requests: () => count, stop: () => child.kill('SIGTERM') });
    });
  });
}

/** 100 entities of 6 Polarity types, about 40 % of them in TC, drawn from the demo dataset. */
function mixedEntities(): PolarityEntity[] {
  const data = createDemoDataset();
  const visible = new Set(DEMO_USER.owners);
  const byType = new Map<string, string[]>();
  for (const r of data.indicators) {
    if (!visible.has(r.ownerName) || !r.active) continue;
    const value = r.type === 'File' ? (r.sha256 ?? r.md5) : r.value;
    if (!value || (r.type === 'Address' && value.includes(':') && !value.startsWith('2001:db8'))) continue;
    const list = byType.get(r.type) ?? [];
    if (!list.includes(value)) list.push(value);
    byType.set(r.type, list);
  }
  const hits: string[] = [];
  const order = ['Address', 'Host', 'EmailAddress', 'URL', 'File'];
  for (let i = 0; hits.length < 40; i++) {
    const list = byType.get(order[i % order.length]) ?? [];
    const value = list[Math.floor(i / order.length)];
    if (value !== undefined) hits.push(value);
    if (i > 1000) break;
  }
  const misses = Array.from(
    { length: 60 },
    (_, i) =>
      [
        `203.0.113.${200 + (i % 50)}`,
        `2001:db8:ffff::${i.toString(16)}`,
        `nothing-${i}.example`,
        `nobody${i}@nowhere.example`,
        `https://clean-${i}.example/page?i=${i}`,
        (i.toString(16) + 'f'.repeat(64)).slice(0, 64)
      ][i % 6]
  );
  return [...hits, ...misses].map((v) => entityFromValue(v) as PolarityEntity);
}

function call<T>(fn: (cb: (err: PolarityError | null, result?: T) => void) => void): Promise<T> {
  return new Promise((res, rej) =>
    fn((err, result) => (err ? rej(new Error(err.detail)) : res(result as T)))
  );
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (n: number): string => `${n.toFixed(1)} ms`;

/** A signed GET outside the integration, for the baselines. */
function signedGet(base: string, segments: string[], query: Array<[string, string]>): Promise<unknown> {
  const url = new URL(base);
  const target = buildTarget(url.pathname, segments, query);
  const headers = signRequest(target, 'GET', DEMO_USER, Date.now() / 1000);
  return new Promise((res, rej) =>
    request({ method: 'GET', uri: url.origin + target, headers: { ...headers } }, (err, _r, body) =>
      err ? rej(err) : res(JSON.parse(String(body)))
    )
  );
}

/** The latest published integration's approach: one v3 TQL search per entity, two in flight. */
async function baselinePerEntityV3(base: string, entities: PolarityEntity[]): Promise<number> {
  let hits = 0;
  await async.mapLimit(entities, 2, async (e: PolarityEntity) => {
    const ref = normaliseEntity(e);
    if (!ref.ok) return;
    const value = ref.ref.value;
    const hashTerms =
      ref.ref.tcType === 'File'
        ? ['value1', 'value2', 'value3'].map((f) => ` or ${f}=${tqlString(value)}`).join('')
        : '';
    const tql = `(summary=${tqlString(value)}${hashTerms}) and typeName=${tqlString(ref.ref.tcType)} and (indicatorActive=true or indicatorActive=false)`;
    const body = (await signedGet(
      base,
      ['v3', 'indicators'],
      [
        ['tql', tql],
        ['fields', 'tags'],
        ['fields', 'threatAssess']
      ]
    )) as { data?: unknown[] };
    if (body.data?.length) hits++;
  });
  return hits;
}

/** The original product's approach: one v2 owners request per entity, all at once. */
/** The simulator logs each answer on stderr; give the last lines a moment to arrive. */
const settle = () => new Promise((r) => setTimeout(r, 100));

async function baselineV2Owners(base: string, entities: PolarityEntity[]): Promise<number> {
  let hits = 0;
  await async.map(entities, async (e: PolarityEntity) => {
    const ref = normaliseEntity(e);
    if (!ref.ok) return;
    const body = (await signedGet(
      base,
      ['v2', 'indicators', V2_BRANCH[ref.ref.tcType], ref.ref.value, 'owners'],
      []
    )) as {
      data?: { owner?: unknown[] };
    };
    if (body.data?.owner?.length) hits++;
  });
  return hits;
}

function cpuThroughput(): { perSecond: number; entities: number } {
  const values = mixedEntities();
  const entities: PolarityEntity[] = Array.from({ length: 20000 }, (_, i) => {
    const e = values[i % values.length];
    return { ...e, value: e.type === 'domain' ? `h${i}.${e.value}` : e.value };
  });
  const fixLink = createLinkRewriter('https://tc.example.test:8443/api');
  const owners = new Map([['Demo Organization', { id: 1, type: 'Organization' }]]);
  const started = process.hrtime.bigint();
  const refs: IndicatorRef[] = [];
  for (const e of entities) {
    const out = normaliseEntity(e);
    if (out.ok) refs.push(out.ref);
  }
  planSearchBatches(refs, searchSuffix(true, { mode: 'allow', names: ['Demo Organization'] }), '/api', 7000);
  refs.forEach((ref, i) => {
    if (i % 5 >= 2) return;
    const indicator: TcV3Indicator = {
      id: i + 1,
      ownerName: 'Demo Organization',
      type: ref.tcType,
      summary: ref.value,
      rating: 3,
      confidence: 60,
      webLink: `https://tc.example.test/#/details/indicators/${i + 1}/overview`,
      tags: { data: [{ name: 'C2' }, { name: 'APT <x>' }] }
    };
    hitResult(entities[i], [toOrganizationView(indicator, owners, fixLink)], {
      searchedValue: ref.value,
      indicatorType: ref.tcType,
      editingEnabled: true,
      reportProxyEnabled: false
    });
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { perSecond: entities.length / seconds, entities: entities.length };
}

async function main(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const sim = await startSimProcess();
  integration.startup({
    trace() {},
    debug() {},
    info() {},
    warn() {},
    error: (...a: unknown[]) => console.error(...a)
  });
  const options: PolarityOptions = {
    url: sim.url,
    accessId: DEMO_USER.accessId,
    apiKey: DEMO_USER.apiKey,
    _request: { user: { username: 'bench' } }
  };
  const entities = mixedEntities();
  const lookup = (list: PolarityEntity[]) =>
    call<PolarityResult<TcDetails>[]>((cb) => integration.doLookup(list, options, cb));

  const lines: string[] = [];
  const out = (s: string) => {
    lines.push(s);
    console.log(s);
  };
  out(
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`
  );
  out(
    `Simulator: separate process, ${LATENCY} ms latency per response; ${RUNS} runs per scenario, median shown\n`
  );

  // 1. 100 mixed entities.
  const ours: number[] = [];
  const oursRequests: number[] = [];
  let hits = 0;
  for (let run = 0; run < RUNS + 1; run++) {
    const before = sim.requests();
    const t = process.hrtime.bigint();
    const results = await lookup(entities);
    const elapsed = Number(process.hrtime.bigint() - t) / 1e6;
    await settle();
    hits = results.filter((r) => r.data).length;
    if (run === 0) {
      out(`100-entity lookup, first (cold owner cache): ${sim.requests() - before} requests, ${ms(elapsed)}`);
      continue;
    }
    ours.push(elapsed);
    oursRequests.push(sim.requests() - before);
  }
  const oursMedian = median(ours);
  out(
    `100-entity lookup, integration defaults:      ${median(oursRequests)} requests, ${ms(oursMedian)}  (${hits} hits)  target ≤ 5 requests, ≤ ${3 * LATENCY + 30} ms`
  );

  const aTimes: number[] = [];
  let aReq = 0;
  let aHits = 0;
  for (let run = 0; run < Math.min(RUNS, 3); run++) {
    const before = sim.requests();
    const t = process.hrtime.bigint();
    aHits = await baselinePerEntityV3(sim.url, entities);
    aTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
    await settle();
    aReq = sim.requests() - before;
  }
  const aMedian = median(aTimes);
  out(
    `  baseline: one v3 search per entity, 2 in flight: ${aReq} requests, ${ms(aMedian)}  (${aHits} hits)  → ours is ${(aMedian / oursMedian).toFixed(1)}× faster (target ≥ 15×)`
  );

  const bTimes: number[] = [];
  let bReq = 0;
  let bHits = 0;
  for (let run = 0; run < Math.min(RUNS, 3); run++) {
    const before = sim.requests();
    const t = process.hrtime.bigint();
    bHits = await baselineV2Owners(sim.url, entities);
    bTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
    await settle();
    bReq = sim.requests() - before;
  }
  out(
    `  baseline: one v2 owners request per entity, unbounded: ${bReq} requests, ${ms(median(bTimes))}  (${bHits} hits)  → ours is ${(median(bTimes) / oursMedian).toFixed(1)}× faster`
  );

  // 2. Expanding an entity found in 3 organizations.
  const [hit] = await lookup([entityFromValue('192.0.2.10') as PolarityEntity]);
  const expand: number[] = [];
  let expandRequests = 0;
  for (let run = 0; run < RUNS; run++) {
    const before = sim.requests();
    const t = process.hrtime.bigint();
    await call((cb) => integration.onDetails(hit, options, cb));
    expand.push(Number(process.hrtime.bigint() - t) / 1e6);
    await settle();
    expandRequests = sim.requests() - before;
  }
  out(
    `\nExpand an entity in ${hit.data?.details.organizations.length} organizations: ${expandRequests} requests, ${ms(median(expand))}  target ≤ 2 requests`
  );

  // 3. 20 analysts, the same 100 entities, the same moment.
  clearOwnerCache();
  let before = sim.requests();
  await lookup(entities);
  await settle();
  const one = sim.requests() - before;
  clearOwnerCache();
  before = sim.requests();
  const t20 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: 20 }, () => lookup(entities.map((e) => ({ ...e })))));
  await settle();
  const twenty = sim.requests() - before;
  out(
    `20 analysts × the same 100 entities at once: ${twenty} TC requests (one analyst alone: ${one}), ${ms(Number(process.hrtime.bigint() - t20) / 1e6)}  target ≤ one analyst's`
  );

  // 4. CPU.
  cpuThroughput();
  const cpu = median(Array.from({ length: 3 }, () => cpuThroughput().perSecond));
  out(
    `\nCPU: normalise + TQL planning + result shaping: ${Math.round(cpu).toLocaleString('en-US')} entities/s  target ≥ 20,000`
  );

  // 5. Memory over 20 000 lookups (2 000 calls of 10 distinct entities, 20 at a time). A first
  // round of the same size lets the allocator reach its working size, so the second measures growth.
  const round = (tag: string) =>
    Array.from({ length: 2000 }, (_, c) =>
      Array.from({ length: 10 }, (_, i) => entityFromValue(`${tag}${c}-${i}.bench.example`) as PolarityEntity)
    );
  await async.eachLimit(round('warm'), 20, async (list: PolarityEntity[]) => void (await lookup(list)));
  gc?.();
  const before20k = process.memoryUsage();
  const tm = process.hrtime.bigint();
  await async.eachLimit(round('m'), 20, async (list: PolarityEntity[]) => void (await lookup(list)));
  gc?.();
  const after20k = process.memoryUsage();
  const mb = (n: number) => (n / 2 ** 20).toFixed(1);
  out(
    `Memory: RSS ${mb(before20k.rss)} MB before, ${mb(after20k.rss)} MB after 20,000 lookups ` +
      `(${ms(Number(process.hrtime.bigint() - tm) / 1e6)}): growth ${mb(after20k.rss - before20k.rss)} MB, ` +
      `heap ${mb(after20k.heapUsed - before20k.heapUsed)} MB  target < 20 MB${gc ? '' : ' (run with --expose-gc for a settled figure)'}`
  );
  sim.stop();
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
