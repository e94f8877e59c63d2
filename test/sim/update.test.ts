import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DEMO_ORG, IndicatorRecord, PARTNER_ORG, Simulator, startSimulator } from '../../dev/sim';
import { call, DataList, json, V3Single } from './helpers';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);

interface Updated extends V3Single {
  message: string;
}

describe('PUT /api/v3/indicators/{id}', () => {
  let sim: Simulator;
  let clock = T0;
  let record: IndicatorRecord;
  let serial = 0;
  const put = (body: unknown, query = '', id = record.id) =>
    call(sim, 'PUT', `/api/v3/indicators/${id}${query}`, {
      body: typeof body === 'string' ? body : JSON.stringify(body),
      nowMs: clock
    });
  const tagNames = (res: Awaited<ReturnType<typeof put>>) =>
    (json<Updated>(res).data.tags as DataList<{ name: string }> | undefined)?.data.map((t) => t.name) ?? [];

  before(async () => {
    sim = await startSimulator({ now: () => clock });
  });
  after(() => sim.close());
  beforeEach(() => {
    clock = T0;
    record = sim.dataset.addIndicator({
      ownerName: DEMO_ORG,
      type: 'Host',
      value: `put-${++serial}.example`,
      rating: 2,
      confidence: 50,
      tags: ['Existing']
    });
  });

  it('sets a decimal rating and confidence and answers Updated with the default fields', async () => {
    const res = await put({ rating: 3.5, confidence: 92 });
    assert.equal(res.status, 200, res.text);
    const body = json<Updated>(res);
    assert.equal(body.message, 'Updated');
    assert.equal(body.status, 'Success');
    assert.equal(body.data.rating, 3.5);
    assert.equal(body.data.confidence, 92);
    assert.equal(body.data.hostName, record.value);
    assert.equal(body.data.lastModified, '2025-01-15T10:00:00Z');
    assert.equal(body.data.tags, undefined, 'tags only when asked for');
  });

  it('clears the rating with 0', async () => {
    const res = await put({ rating: 0 });
    assert.equal('rating' in json<Updated>(res).data, false);
    assert.equal(record.rating, undefined);
  });

  it('appends (the default mode), deletes and replaces tags', async () => {
    assert.deepEqual(tagNames(await put({ tags: { data: [{ name: 'New' }] } }, '?fields=tags')), [
      'Existing',
      'New'
    ]);
    assert.deepEqual(
      tagNames(
        await put({ tags: { data: [{ name: 'New' }, { name: 'Third' }], mode: 'append' } }, '?fields=tags')
      ),
      ['Existing', 'New', 'Third']
    );
    assert.deepEqual(
      tagNames(
        await put(
          { tags: { data: [{ name: 'Existing' }, { name: 'Absent' }], mode: 'delete' } },
          '?fields=tags'
        )
      ),
      ['New', 'Third']
    );
    assert.deepEqual(
      tagNames(await put({ tags: { data: [{ name: 'Only' }], mode: 'replace' } }, '?fields=tags')),
      ['Only']
    );
    const emptied = await put({ tags: { data: [], mode: 'replace' } }, '?fields=tags');
    assert.equal(json<Updated>(emptied).data.tags, undefined);
  });

  it('deletes a tag by id and keeps tag ids stable per owner', async () => {
    const appended = json<Updated>(await put({ tags: { data: [{ name: 'Existing' }] } }, '?fields=tags'));
    const existing = (appended.data.tags as DataList<{ id: number; name: string }>).data;
    assert.equal(existing.length, 1, 'appending a present tag does not duplicate it');
    const res = await put({ tags: { data: [{ id: existing[0].id }], mode: 'delete' } }, '?fields=tags');
    assert.deepEqual(tagNames(res), []);
  });

  it('accepts a 128-character tag and rejects 129', async () => {
    assert.equal((await put({ tags: { data: [{ name: 'x'.repeat(128) }] } })).status, 200);
    const res = await put({ tags: { data: [{ name: 'y'.repeat(129) }] } });
    assert.equal(res.status, 400);
    assert.equal(json(res).errCode, '0x1001');
    assert.equal(
      record.tags.some((t) => t.name.startsWith('y')),
      false
    );
  });

  it('rejects invalid values with 0x1001 (range) or 0x2005 (type) and changes nothing', async () => {
    const cases: [unknown, string][] = [
      [{ rating: 6 }, '0x1001'],
      [{ rating: -1 }, '0x1001'],
      [{ rating: '4' }, '0x2005'],
      [{ confidence: 101 }, '0x1001'],
      [{ confidence: 50.5 }, '0x2005'],
      [{ tags: { data: [{ name: 'a' }], mode: 'merge' } }, '0x1001'],
      [{ tags: ['a'] }, '0x2005'],
      [{ tags: { data: [{ name: 4 }] } }, '0x2005'],
      [{ rating: 4, summary: 'other.example' }, '0x2005'],
      [{ securityLabels: { data: [{ name: 'TLP:RED' }] } }, '0x1001'],
      [[1, 2], '0x2005'],
      ['{"rating": 4', '0x2005'],
      ['', '0x2003']
    ];
    for (const [body, errCode] of cases) {
      const res = await put(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(json(res).errCode, errCode, JSON.stringify(body));
    }
    assert.equal(record.rating, 2);
    assert.equal(record.confidence, 50);
  });

  it('is 404 for an unknown id or an owner the user cannot see', async () => {
    assert.equal((await put({ rating: 1 }, '', 987654321)).status, 404);
    const hidden = sim.dataset.indicators.find((r) => r.ownerName === PARTNER_ORG)!;
    const res = await put({ rating: 1 }, '', hidden.id);
    assert.equal(res.status, 404);
    assert.equal(json(res).errCode, '0x1004');
  });

  it('reports a false positive once per user and day', async () => {
    const first = json<Updated>(await put({ falsePositiveFlag: true }, '?fields=falsePositives'));
    assert.deepEqual(
      [first.data.falsePositives, first.data.falsePositiveReportedByUser, first.data.lastFalsePositive],
      [1, true, '2025-01-15T00:00:00Z']
    );
    clock += 3_600_000;
    const again = json<Updated>(await put({ falsePositiveFlag: true }, '?fields=falsePositives'));
    assert.equal(again.data.falsePositives, 1);
    clock += DAY;
    const nextDay = json<Updated>(await put({ falsePositiveFlag: true }, '?fields=falsePositives'));
    assert.deepEqual(
      [nextDay.data.falsePositives, nextDay.data.lastFalsePositive],
      [2, '2025-01-16T00:00:00Z']
    );
  });

  it('adds observations', async () => {
    const res = json<Updated>(await put({ observations: 2 }, '?fields=observations'));
    assert.deepEqual([res.data.observations, res.data.lastObserved], [2, '2025-01-15T10:00:00Z']);
    const more = json<Updated>(await put({ observations: 1 }, '?fields=observations'));
    assert.equal(more.data.observations, 3);
  });
});
