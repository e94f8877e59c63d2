import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createDemoDataset,
  Dataset,
  DEMO_BULK_VALUES,
  DEMO_ENTITIES,
  DEMO_ENTITY_VALUES,
  DEMO_USER,
  INDICATOR_TYPES,
  LIMITED_USER,
  Simulator,
  startSimulator,
  summaryOf
} from '../../dev/sim';
import { call, json, searchTarget, V3List } from './helpers';

describe('demo dataset', () => {
  const data = createDemoDataset();

  it('is deterministic', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(createDemoDataset())), JSON.parse(JSON.stringify(data)));
  });

  it('has three owners for DEMO_USER (Organization, Community, Source, one with an apostrophe) and one hidden', () => {
    assert.deepEqual(
      DEMO_USER.owners.map((name) => data.getOwner(name)?.type),
      ['Organization', 'Community', 'Source']
    );
    assert.ok(DEMO_USER.owners.some((name) => name.includes("'")));
    const hidden = data.owners.filter((o) => !DEMO_USER.owners.includes(o.name));
    assert.equal(hidden.length, 1);
    assert.ok(LIMITED_USER.owners.includes(hidden[0].name));
    assert.match(DEMO_USER.apiKey, /\$\$/);
    assert.match(DEMO_USER.apiKey, /[+/=]/);
  });

  it('holds every type, inactive ones, decimal ratings and values in several owners', () => {
    assert.ok(data.indicators.length >= 200);
    for (const type of INDICATOR_TYPES)
      assert.ok(
        data.indicators.some((r) => r.type === type),
        type
      );
    assert.ok(data.indicators.some((r) => !r.active));
    assert.ok(data.indicators.some((r) => r.rating !== undefined && !Number.isInteger(r.rating)));
    const owners = new Map<string, Set<string>>();
    for (const r of data.indicators)
      owners.set(summaryOf(r), (owners.get(summaryOf(r)) ?? new Set()).add(r.ownerName));
    assert.ok([...owners.values()].filter((s) => s.size >= 2).length > 40);
  });

  it('stores values the way TC does', () => {
    for (const r of data.indicators) {
      if (r.type === 'File') {
        for (const hash of [r.md5, r.sha1, r.sha256]) if (hash) assert.equal(hash, hash.toUpperCase());
      }
      if (r.type === 'Address' && r.value!.includes(':')) {
        assert.match(r.value!, /^2001:db8(:[0-9a-f]{1,4}){6}$/, 'expanded, lower case, no leading zeros');
        assert.doesNotMatch(r.value!, /::|:0[0-9a-f]/);
      }
      if (r.type === 'Address' && !r.value!.includes(':')) {
        assert.match(r.value!, /^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$/);
      }
      if (r.type === 'Host') assert.match(r.value!, /^[a-z0-9.-]+\.(example|test)$/);
    }
  });

  it('lists demo values whose stored forms hit the owners it says', () => {
    assert.deepEqual(
      DEMO_ENTITY_VALUES,
      DEMO_ENTITIES.map((e) => e.value)
    );
    for (const entity of DEMO_ENTITIES) {
      const visibleActive = data
        .findBySummary(entity.storedAs)
        .filter((r) => r.active && DEMO_USER.owners.includes(r.ownerName))
        .map((r) => r.ownerName);
      assert.deepEqual(visibleActive, entity.owners, entity.value);
    }
    const hitCounts = new Set(DEMO_ENTITIES.map((e) => e.owners.length));
    for (const n of [0, 1, 2, 3]) assert.ok(hitCounts.has(n), `a value with ${n} owners`);
  });
});

describe('Dataset methods', () => {
  it('adds indicators with generated ids, upper-cases hashes and keeps id order', () => {
    const data = new Dataset();
    data.addOwner({ name: 'Org', type: 'Organization' });
    const high = data.addIndicator({ ownerName: 'Org', type: 'Host', value: 'b.example', id: 20050 });
    const file = data.addIndicator({
      ownerName: 'Org',
      type: 'File',
      value: 'd41d8cd98f00b204e9800998ecf8427e'
    });
    assert.equal(file.id, 20051, 'ids continue after the highest given');
    assert.equal(file.md5, 'D41D8CD98F00B204E9800998ECF8427E');
    data.addIndicator({ ownerName: 'Org', type: 'Host', value: 'a.example', id: 7 });
    assert.deepEqual(
      data.indicators.map((r) => r.id),
      [7, 20050, 20051]
    );
    assert.equal(data.getIndicator(20050), high);
    assert.deepEqual(data.findBySummary('D41D8CD98F00B204E9800998ECF8427E'), [file]);
    assert.throws(
      () => data.addIndicator({ ownerName: 'Nobody', type: 'Host', value: 'x' }),
      /unknown owner/
    );
    assert.throws(() => data.addIndicator({ ownerName: 'Org', type: 'File' }), /at least one hash/);
    assert.throws(
      () => data.addIndicator({ ownerName: 'Org', type: 'Host', value: 'c', id: 7 }),
      /already exists/
    );
  });
});

describe('a batch search over the demo data', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  it('returns more than one page for the bulk values', async () => {
    const tql = `summary in (${DEMO_BULK_VALUES.map((v) => `"${v}"`).join(',')})`;
    const body = json<V3List>(await call(sim, 'GET', `${searchTarget(tql)}&count=true`));
    assert.equal(body.count, 120);
    assert.ok(body.next);
  });

  it('sees indicators added while running', async () => {
    for (let i = 0; i < 150; i++) {
      sim.dataset.addIndicator({ ownerName: 'Demo Organization', type: 'Host', value: `many-${i}.test` });
    }
    const body = json<V3List>(
      await call(sim, 'GET', `${searchTarget('typeName = "Host"')}&count=true&resultLimit=10000`)
    );
    assert.ok(body.data.filter((i) => String(i.summary).startsWith('many-')).length === 150);
  });
});
