import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  DEMO_COMMUNITY,
  DEMO_ORG,
  DEMO_SOURCE,
  LIMITED_USER,
  PARTNER_ORG,
  Simulator,
  startSimulator
} from '../../dev/sim';
import { call, json, strictEncode } from './helpers';

const T0 = Date.UTC(2025, 5, 1, 23, 0, 0);

interface OwnersV3 {
  data: { id: number; name: string; type: string; ownerRole: string; permIndicator: string }[];
  count: number;
  status: string;
}

interface FalsePositiveV2 {
  status: string;
  data: { falsePositive: { count: number; lastReported: string } };
}

describe('owners', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  it('GET /api/v2/indicators/{type}/{value}/owners lists the visible owners holding an active indicator', async () => {
    const res = await call(sim, 'GET', '/api/v2/indicators/addresses/192.0.2.10/owners');
    assert.equal(res.status, 200);
    const body = json<{ status: string; data: { owner: { name: string }[] } }>(res);
    assert.equal(body.status, 'Success');
    assert.deepEqual(
      body.data.owner.map((o) => o.name).sort(),
      [DEMO_ORG, DEMO_COMMUNITY, DEMO_SOURCE].sort()
    );
    const url = await call(
      sim,
      'GET',
      `/api/v2/indicators/urls/${strictEncode('https://login.example/path?a=1&b=(2)')}/owners`
    );
    assert.deepEqual(
      json<{ data: { owner: { name: string }[] } }>(url).data.owner.map((o) => o.name),
      [DEMO_ORG]
    );
    const miss = await call(sim, 'GET', '/api/v2/indicators/hosts/nothing.example/owners');
    assert.deepEqual(json<{ data: { owner: unknown[] } }>(miss).data.owner, []);
  });

  it('GET /api/v3/security/owners lists the three demo owners with FULL indicator permission', async () => {
    const res = await call(sim, 'GET', '/api/v3/security/owners');
    assert.equal(res.status, 200);
    const body = json<OwnersV3>(res);
    assert.equal(body.status, 'Success');
    assert.equal(body.count, 3);
    assert.deepEqual(
      body.data.map((o) => [o.name, o.type, o.permIndicator]),
      [
        [DEMO_ORG, 'Organization', 'FULL'],
        [DEMO_COMMUNITY, 'Community', 'FULL'],
        [DEMO_SOURCE, 'Source', 'FULL']
      ]
    );
    assert.ok(body.data.every((o) => Number.isInteger(o.id) && o.ownerRole));
  });

  it('lists only what the limited user sees', async () => {
    const body = json<OwnersV3>(await call(sim, 'GET', '/api/v3/security/owners', { user: LIMITED_USER }));
    assert.deepEqual(
      body.data.map((o) => o.name),
      [DEMO_COMMUNITY, PARTNER_ORG]
    );
  });

  it('GET /api/v2/owners uses the v2 envelope', async () => {
    const body = json<{ status: string; data: { resultCount: number; owner: { name: string }[] } }>(
      await call(sim, 'GET', '/api/v2/owners')
    );
    assert.equal(body.status, 'Success');
    assert.equal(body.data.resultCount, 3);
  });
});

describe('POST /api/v2/indicators/{type}/{value}/falsePositive', () => {
  let sim: Simulator;
  let clock = T0;
  const report = (
    type: string,
    value: string,
    owner?: string,
    user = undefined as typeof LIMITED_USER | undefined
  ) =>
    call(
      sim,
      'POST',
      `/api/v2/indicators/${type}/${strictEncode(value)}/falsePositive${owner ? `?owner=${strictEncode(owner)}` : ''}`,
      { nowMs: clock, user }
    );

  before(async () => {
    sim = await startSimulator({ now: () => clock });
  });
  after(() => sim.close());
  beforeEach(() => {
    clock = T0;
  });

  it('counts one report per user per day and answers the count with lastReported', async () => {
    const first = await report('hosts', 'malware-c2.example', DEMO_COMMUNITY);
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(json<FalsePositiveV2>(first), {
      status: 'Success',
      data: { falsePositive: { count: 1, lastReported: '2025-06-01T23:00:00Z' } }
    });
    clock += 30 * 60_000; // still the same UTC day
    const again = json<FalsePositiveV2>(await report('hosts', 'malware-c2.example', DEMO_COMMUNITY));
    assert.deepEqual(again.data.falsePositive, { count: 1, lastReported: '2025-06-01T23:00:00Z' });
    const other = json<FalsePositiveV2>(
      await report('hosts', 'malware-c2.example', DEMO_COMMUNITY, LIMITED_USER)
    );
    assert.equal(other.data.falsePositive.count, 2, 'another user may report the same day');
    clock += 60 * 60_000; // past midnight UTC
    const nextDay = json<FalsePositiveV2>(await report('hosts', 'malware-c2.example', DEMO_COMMUNITY));
    assert.deepEqual(nextDay.data.falsePositive, { count: 3, lastReported: '2025-06-02T00:30:00Z' });
  });

  it('defaults to the user’s organization and adds to existing counts', async () => {
    const res = json<FalsePositiveV2>(await report('addresses', '192.0.2.10'));
    assert.equal(res.data.falsePositive.count, 2, 'the demo org record already had one');
    const record = sim.dataset.findBySummary('192.0.2.10').find((r) => r.ownerName === DEMO_ORG)!;
    assert.equal(record.falsePositives, 2);
  });

  it('finds files by any one hash in any case, emails, and URLs with encoded slashes', async () => {
    const file = await report('files', '3395856ce81f2b7382dee72602f798b642f14140');
    assert.equal(file.status, 200, file.text);
    const email = await report('emailAddresses', 'phisher@bad-mail.example', DEMO_SOURCE);
    assert.equal(email.status, 200);
    const url = await report('urls', 'https://login.example/path?a=1&b=(2)');
    assert.equal(url.status, 200, url.text);
    const raw = await call(
      sim,
      'POST',
      '/api/v2/indicators/emailAddresses/phisher@bad-mail.example/falsePositive?owner=Open%20Feeds%2C%20Tier%201',
      {
        nowMs: clock,
        user: LIMITED_USER
      }
    );
    assert.equal(raw.status, 403, 'the limited user cannot see the source');
  });

  it('is 404 with the v2 failure body when the indicator is missing, and 403 for an unseen owner', async () => {
    const missing = await report('hosts', 'nothing-here.example');
    assert.equal(missing.status, 404);
    assert.deepEqual(json(missing), { status: 'Failure', message: 'The requested resource was not found' });
    const hostWrongCase = await report('hosts', 'MALWARE-C2.EXAMPLE');
    assert.equal(hostWrongCase.status, 404, 'hosts match exactly');
    const hidden = await report('hosts', 'partner-only.example', PARTNER_ORG);
    assert.equal(hidden.status, 403);
    assert.equal(json(hidden).status, 'Failure');
  });

  it('can answer a repeated report with an error instead', async () => {
    const strict = await startSimulator({ now: () => T0, behaviour: { duplicateFalsePositive: 'error' } });
    try {
      const target = `/api/v2/indicators/addresses/192.0.2.10/falsePositive?owner=${strictEncode(DEMO_SOURCE)}`;
      assert.equal((await call(strict, 'POST', target, { nowMs: T0 })).status, 200);
      const again = await call(strict, 'POST', target, { nowMs: T0 });
      assert.equal(again.status, 400);
      assert.equal(json(again).status, 'Failure');
    } finally {
      await strict.close();
    }
  });
});
