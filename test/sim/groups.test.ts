import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LIMITED_USER, Simulator, startSimulator } from '../../dev/sim';
import { call, json, type V3Envelope } from './helpers';

interface V3Group {
  id: number;
  ownerId: number;
  ownerName: string;
  type: string;
  name: string;
  webLink: string;
  [field: string]: unknown;
}

describe('GET /api/v3/groups/{id}', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ linkOrigin: 'https://tc.example' });
  });
  after(() => sim.close());
  const group = (name: string) => sim.dataset.groups.find((g) => g.name === name)!;

  it('returns the group in a v3 envelope, as associatedGroups renders it', async () => {
    const threat = group('Botnet resurgence');
    const res = await call(sim, 'GET', `/api/v3/groups/${threat.id}`);
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const body = json<V3Envelope & { data: V3Group }>(res);
    assert.equal(body.status, 'Success');
    assert.equal(body.data.id, threat.id);
    assert.equal(body.data.ownerName, "Analysts' Community");
    assert.equal(body.data.ownerId, sim.dataset.getOwner("Analysts' Community")?.id);
    assert.equal(body.data.type, 'Threat');
    assert.equal(body.data.name, 'Botnet resurgence');
    assert.equal(body.data.webLink, `https://tc.example/#/details/groups/${threat.id}/overview`);

    // The same object an indicator lists among its associated groups.
    const indicator = sim.dataset.indicators.find((r) => r.groupIds.includes(threat.id));
    assert.ok(indicator);
    const viaIndicator = await call(sim, 'GET', `/api/v3/indicators/${indicator.id}?fields=associatedGroups`);
    const listed = json<{ data: { associatedGroups: { data: V3Group[] } } }>(
      viaIndicator
    ).data.associatedGroups.data.find((g) => g.id === threat.id);
    assert.deepEqual(body.data, listed);
  });

  it('is a v3 404 for unknown ids, non-numeric ids and owners the user cannot see', async () => {
    const partner = group('Partner-only report');
    for (const target of [
      '/api/v3/groups/999999999',
      '/api/v3/groups/abc',
      '/api/v3/groups/0x4e21',
      `/api/v3/groups/${partner.id}`
    ]) {
      const res = await call(sim, 'GET', target);
      assert.equal(res.status, 404, target);
      assert.deepEqual(json(res), {
        status: 'Error',
        errCode: '0x1004',
        message: 'The requested item(s) were not found.'
      });
    }
    const visible = await call(sim, 'GET', `/api/v3/groups/${partner.id}`, { user: LIMITED_USER });
    assert.equal(visible.status, 200);
    assert.equal(json<{ data: V3Group }>(visible).data.ownerName, 'Partner Vault');
  });

  it('says so instead of ignoring fields it does not implement', async () => {
    const res = await call(sim, 'GET', `/api/v3/groups/${group('Example Bear').id}?fields=tags`);
    assert.equal(res.status, 400);
    assert.equal(json(res).errCode, '0x1001');
    assert.match(json(res).message ?? '', /fields/);
  });

  it('needs a signature like every route', async () => {
    const res = await call(sim, 'GET', `/api/v3/groups/${group('Example Bear').id}`, { unsigned: true });
    assert.equal(res.status, 401);
  });
});
