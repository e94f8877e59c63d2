import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  DEMO_BULK_VALUES,
  DEMO_COMMUNITY,
  DEMO_ORG,
  DEMO_SOURCE,
  LIMITED_USER,
  PARTNER_ORG,
  Simulator,
  startSimulator
} from '../../dev/sim';
import { call, DataList, json, searchTarget, strictEncode, V3List } from './helpers';

const bulkTql = `summary in (${DEMO_BULK_VALUES.map((v) => `"${v}"`).join(', ')}) and typeName = "Address"`;

describe('GET /api/v3/indicators', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());
  beforeEach(() => sim.resetLog());

  it('returns only owners the user sees, in id order, with default fields', async () => {
    const res = await call(sim, 'GET', searchTarget('summary = "192.0.2.10"'));
    assert.equal(res.status, 200);
    const body = json<V3List>(res);
    assert.equal(body.status, 'Success');
    assert.deepEqual(
      body.data.map((i) => i.ownerName),
      [DEMO_ORG, DEMO_COMMUNITY, DEMO_SOURCE]
    );
    assert.deepEqual(
      body.data.map((i) => i.id),
      [...body.data.map((i) => i.id)].sort((a, b) => a - b)
    );
    const first = body.data[0];
    assert.deepEqual(Object.keys(first), [
      'id',
      'ownerId',
      'ownerName',
      'dateAdded',
      'webLink',
      'type',
      'lastModified',
      'rating',
      'confidence',
      'description',
      'source',
      'summary',
      'privateFlag',
      'active',
      'activeLocked',
      'legacyLink',
      'ip'
    ]);
    assert.equal(first.webLink, `http://127.0.0.1/#/details/indicators/${first.id}/overview`);
    assert.equal(first.ip, '192.0.2.10');
    assert.equal(body.data[1].rating, 3.5);
    assert.equal(body.count, undefined);
    assert.equal(body.next, undefined);
  });

  it('filters by the user: the limited user sees its own owners only', async () => {
    const res = await call(sim, 'GET', searchTarget('summary = "192.0.2.10"'), { user: LIMITED_USER });
    assert.deepEqual(
      json<V3List>(res).data.map((i) => i.ownerName),
      [DEMO_COMMUNITY, PARTNER_ORG]
    );
  });

  it('returns active indicators only unless the query mentions indicatorActive', async () => {
    const plain = json<V3List>(await call(sim, 'GET', searchTarget('summary = "203.0.113.66"')));
    assert.equal(plain.data.length, 0);
    const all = json<V3List>(
      await call(
        sim,
        'GET',
        searchTarget('summary = "203.0.113.66" and (indicatorActive = true or indicatorActive = false)')
      )
    );
    assert.deepEqual(
      all.data.map((i) => [i.ownerName, i.active]),
      [[DEMO_ORG, false]]
    );
  });

  it('omits rating and confidence when unset and shows type-specific fields', async () => {
    const file = json<V3List>(
      await call(
        sim,
        'GET',
        searchTarget('value3 = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"')
      )
    ).data;
    assert.deepEqual(
      file.map((f) => f.summary),
      [
        '44D88612FEA8A8F36DE82E1278ABB02F : 3395856CE81F2B7382DEE72602F798B642F14140 : 275A021BBFB6489E54D471899F7DB9D1663FC695EC2FE2A2C4538AABF651FD0F',
        '44D88612FEA8A8F36DE82E1278ABB02F : 275A021BBFB6489E54D471899F7DB9D1663FC695EC2FE2A2C4538AABF651FD0F'
      ]
    );
    assert.equal(file[0].size, 68);
    assert.equal(file[1].sha1, undefined);

    const added = sim.dataset.addIndicator({ ownerName: DEMO_ORG, type: 'Host', value: 'unrated.example' });
    const host = json<V3List>(await call(sim, 'GET', searchTarget('summary = "unrated.example"'))).data[0];
    assert.equal(host.id, added.id);
    assert.equal('rating' in host, false);
    assert.equal('confidence' in host, false);
    assert.deepEqual([host.hostName, host.dnsActive, host.whoisActive], ['unrated.example', false, false]);
  });

  it('pages with next/prev on linkOrigin, repeating tql, fields and every other parameter', async () => {
    const first = `/api/v3/indicators?tql=${strictEncode(bulkTql)}&fields=tags&fields=threatAssess&count=true`;
    const page1 = json<V3List>(await call(sim, 'GET', first));
    assert.equal(page1.data.length, 100);
    assert.equal(page1.count, 120);
    assert.equal(page1.prev, undefined);
    assert.equal(
      page1.next,
      `http://127.0.0.1/api/v3/indicators?tql=${strictEncode(bulkTql)}&fields=tags&fields=threatAssess&count=true&resultStart=100&resultLimit=100`
    );
    assert.ok(page1.data.every((i) => typeof i.threatAssessScore === 'number'));

    // A client follows next on the simulator's own origin and signs what it sends.
    const next = new URL(page1.next!);
    const page2 = json<V3List>(await call(sim, 'GET', next.pathname + next.search));
    assert.equal(page2.data.length, 20);
    assert.equal(page2.count, undefined, 'count only on the first page');
    assert.equal(page2.next, undefined);
    assert.match(page2.prev ?? '', /&resultStart=0&resultLimit=100$/);
    assert.ok(
      page2.data.every((i) => typeof i.threatAssessScore === 'number'),
      'fields survive paging'
    );
    const ids = [...page1.data, ...page2.data].map((i) => i.id);
    assert.equal(new Set(ids).size, 120);
    assert.ok(sim.requests.every((r) => r.authOk));
  });

  it('replaces resultStart/resultLimit given by the client and honours resultLimit', async () => {
    const res = json<V3List>(
      await call(sim, 'GET', `/api/v3/indicators?resultLimit=7&tql=${strictEncode(bulkTql)}&resultStart=14`)
    );
    assert.equal(res.data.length, 7);
    assert.equal(
      res.next,
      `http://127.0.0.1/api/v3/indicators?tql=${strictEncode(bulkTql)}&resultStart=21&resultLimit=7`
    );
    assert.equal(
      res.prev,
      `http://127.0.0.1/api/v3/indicators?tql=${strictEncode(bulkTql)}&resultStart=7&resultLimit=7`
    );
  });

  it('rejects resultLimit above 10000 and malformed paging values', async () => {
    for (const query of ['resultLimit=10001', 'resultLimit=0', 'resultStart=-1', 'resultStart=abc']) {
      const res = await call(sim, 'GET', `/api/v3/indicators?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(json(res).errCode, '0x1001');
    }
    assert.equal((await call(sim, 'GET', '/api/v3/indicators?resultLimit=10000')).status, 200);
  });

  it('restricts to one owner with owner= and refuses an owner the user cannot see', async () => {
    const res = json<V3List>(
      await call(sim, 'GET', `${searchTarget('summary = "192.0.2.10"')}&owner=${strictEncode(DEMO_SOURCE)}`)
    );
    assert.deepEqual(
      res.data.map((i) => i.ownerName),
      [DEMO_SOURCE]
    );
    const hidden = await call(sim, 'GET', `/api/v3/indicators?owner=${strictEncode(PARTNER_ORG)}`);
    assert.equal(hidden.status, 403);
  });

  it('rejects unknown fields and accepts whois/whoIs in any case', async () => {
    const unknown = await call(sim, 'GET', '/api/v3/indicators?fields=colour');
    assert.equal(unknown.status, 400);
    for (const name of ['whoIs', 'whois', 'WHOIS']) {
      const res = json<V3List>(
        await call(sim, 'GET', `${searchTarget('summary = "malware-c2.example"')}&fields=${name}`)
      );
      assert.ok(
        res.data.every((i) => i.whois),
        name
      );
    }
  });

  it('can write next links that keep only the paging parameters', async () => {
    const strict = await startSimulator({
      behaviour: { nextKeepsParams: false },
      linkOrigin: 'https://tc.example:8443/'
    });
    try {
      const res = json<V3List>(
        await call(strict, 'GET', `/api/v3/indicators?tql=${strictEncode(bulkTql)}&resultLimit=50`)
      );
      assert.equal(res.next, 'https://tc.example:8443/api/v3/indicators?resultStart=50&resultLimit=50');
    } finally {
      await strict.close();
    }
  });

  it('can re-encode kept parameters in next links', async () => {
    const reencode = await startSimulator({ behaviour: { nextLinkEncoding: 'reencode' } });
    try {
      const res = json<V3List>(
        await call(reencode, 'GET', `/api/v3/indicators?tql=${strictEncode(bulkTql)}`)
      );
      assert.equal(
        res.next,
        `http://127.0.0.1/api/v3/indicators?tql=${encodeURIComponent(bulkTql)}&resultStart=100&resultLimit=100`
      );
    } finally {
      await reencode.close();
    }
  });
});

describe('GET /api/v3/indicators/{id}', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  it('returns one indicator, inactive ones included, with requested fields', async () => {
    const record = sim.dataset.findBySummary('203.0.113.66')[0];
    const res = await call(sim, 'GET', `/api/v3/indicators/${record.id}?fields=tags&fields=falsePositives`);
    assert.equal(res.status, 200);
    const body = json<{ data: Record<string, unknown>; status: string }>(res);
    assert.equal(body.data.id, record.id);
    assert.equal(body.data.active, false);
    assert.deepEqual(body.data.falsePositives, 0);
    assert.equal(body.data.falsePositiveReportedByUser, false);
    assert.deepEqual(
      (body.data.tags as DataList<{ name: string }>).data.map((t) => t.name),
      ['Scanner']
    );
  });

  it('is 404 for unknown ids and for owners the user cannot see', async () => {
    assert.equal((await call(sim, 'GET', '/api/v3/indicators/999999')).status, 404);
    const partner = sim.dataset.findBySummary('partner-only.example')[0];
    const res = await call(sim, 'GET', `/api/v3/indicators/${partner.id}`);
    assert.equal(res.status, 404);
    assert.deepEqual(json(res), {
      status: 'Error',
      errCode: '0x1004',
      message: 'The requested item(s) were not found.'
    });
    assert.equal(
      (await call(sim, 'GET', `/api/v3/indicators/${partner.id}`, { user: LIMITED_USER })).status,
      200
    );
  });

  it('looks a summary up in the user’s organization or in owner=', async () => {
    const url = 'https://login.example/path?a=1&b=(2)';
    const res = await call(sim, 'GET', `/api/v3/indicators/${strictEncode(url)}`);
    assert.equal(res.status, 200, res.text);
    assert.equal(json<{ data: { text: string } }>(res).data.text, url);
    const community = await call(
      sim,
      'GET',
      `/api/v3/indicators/${strictEncode('phisher@bad-mail.example')}?owner=${strictEncode(DEMO_COMMUNITY)}`
    );
    assert.equal(community.status, 200);
    assert.equal(
      (await call(sim, 'GET', `/api/v3/indicators/${strictEncode('phisher@bad-mail.example')}`)).status,
      404
    );
  });

  it('names the method and path of an unmatched request', async () => {
    const res = await call(sim, 'DELETE', '/api/v3/indicators/1');
    assert.equal(res.status, 404);
    assert.match(json(res).message ?? '', /DELETE \/api\/v3\/indicators\/1/);
    const v2 = await call(sim, 'GET', '/api/v2/nothing/here');
    assert.deepEqual(json(v2), {
      status: 'Failure',
      message: 'The simulator has no route for GET /api/v2/nothing/here.'
    });
  });
});
