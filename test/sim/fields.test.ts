import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEMO_COMMUNITY, DEMO_ORG, DEMO_SOURCE, Simulator, startSimulator } from '../../dev/sim';
import { call, DataList, json, V3Single } from './helpers';

interface Group {
  id: number;
  name: string;
  type: string;
  ownerName: string;
  webLink: string;
}

describe('fields= additions', () => {
  let sim: Simulator;
  const idOf = (summary: string, owner: string): number =>
    sim.dataset.findBySummary(summary).find((r) => r.ownerName === owner)!.id;
  const get = async (id: number, fields: string[]): Promise<V3Single['data']> => {
    const res = await call(
      sim,
      'GET',
      `/api/v3/indicators/${id}?${fields.map((f) => `fields=${f}`).join('&')}`
    );
    assert.equal(res.status, 200, res.text);
    return json<V3Single>(res).data;
  };

  before(async () => {
    sim = await startSimulator({ linkOrigin: 'https://tc.example' });
  });
  after(() => sim.close());

  it('threatAssess adds the score family', async () => {
    const data = await get(idOf('192.0.2.10', DEMO_ORG), ['threatAssess']);
    assert.deepEqual(
      [
        data.threatAssessScore,
        data.threatAssessRating,
        data.threatAssessConfidence,
        data.threatAssessScoreObserved,
        data.threatAssessScoreFalsePositive,
        data.calScore
      ],
      [721, 4, 85, 640, 12, 690]
    );
  });

  it('tags, securityLabels and attributes come as { data: [...] }, owner-specific', async () => {
    const org = await get(idOf('192.0.2.10', DEMO_ORG), ['tags', 'securityLabels', 'attributes']);
    const community = await get(idOf('192.0.2.10', DEMO_COMMUNITY), ['tags', 'securityLabels']);
    const tagNames = (d: V3Single['data']) => (d.tags as DataList<{ name: string }>).data.map((t) => t.name);
    assert.deepEqual(tagNames(org), ['APT', 'C2']);
    assert.deepEqual(tagNames(community), ['Botnet']);
    const tag = (org.tags as DataList<Record<string, unknown>>).data[0];
    assert.deepEqual(Object.keys(tag), ['id', 'name', 'lastUsed']);
    const label = (org.securityLabels as DataList<Record<string, unknown>>).data[0];
    assert.deepEqual(label, {
      id: 2,
      name: 'TLP:AMBER',
      description: 'Limited disclosure, restricted to participants’ organizations.',
      color: 'FFC000',
      owner: 'System',
      dateAdded: '2016-08-31T00:00:00Z'
    });
    const attributes = (org.attributes as DataList<{ type: string; value: string; default: boolean }>).data;
    assert.deepEqual(
      attributes.map((a) => [a.type, a.default]),
      [
        ['Description', true],
        ['Source', true]
      ]
    );
  });

  it('keeps HTML metacharacters verbatim in tags and descriptions', async () => {
    const data = await get(idOf('xss-probe.test', DEMO_SOURCE), ['tags']);
    assert.equal(data.description, 'Payload host for <script>alert("x")</script> & friends');
    assert.deepEqual(
      (data.tags as DataList<{ name: string }>).data.map((t) => t.name),
      ['<img src=x onerror=alert(1)>', 'R&D <test>']
    );
  });

  it('omits an empty collection by default and can return it empty', async () => {
    const id = idOf('203.0.113.66', DEMO_ORG);
    const data = await get(id, ['associatedGroups', 'securityLabels']);
    assert.equal('associatedGroups' in data, false);
    const other = await startSimulator({ behaviour: { emptyCollections: 'empty' } });
    try {
      const res = await call(other, 'GET', `/api/v3/indicators/${id}?fields=associatedGroups`);
      assert.deepEqual(json<V3Single>(res).data.associatedGroups, { data: [] });
    } finally {
      await other.close();
    }
  });

  it('associatedGroups lists group objects with webLinks on linkOrigin', async () => {
    const data = await get(idOf('192.0.2.10', DEMO_ORG), ['associatedGroups']);
    const groups = (data.associatedGroups as DataList<Group>).data;
    assert.deepEqual(
      groups.map((g) => [g.type, g.name]),
      [
        ['Adversary', 'Example Bear'],
        ['Report', 'Q3 Phishing Wave'],
        ['Document', 'phish-kit-notes.pdf']
      ]
    );
    assert.equal(groups[0].webLink, `https://tc.example/#/details/groups/${groups[0].id}/overview`);
    assert.equal(groups[0].ownerName, DEMO_ORG);
  });

  it('associatedIndicators lists default indicator objects', async () => {
    const data = await get(idOf('malware-c2.example', DEMO_ORG), ['associatedIndicators']);
    const summaries = (data.associatedIndicators as DataList<{ summary: string; webLink: string }>).data.map(
      (i) => i.summary
    );
    assert.deepEqual(summaries.sort(), ['192.0.2.10', 'https://login.example/path?a=1&b=(2)']);
  });

  it('observations and falsePositives add counts and dates', async () => {
    const data = await get(idOf('192.0.2.10', DEMO_ORG), ['observations', 'falsePositives']);
    assert.deepEqual(
      [
        data.observations,
        data.lastObserved,
        data.falsePositives,
        data.lastFalsePositive,
        data.falsePositiveReportedByUser
      ],
      [12, '2024-04-01T07:59:00Z', 1, '2024-02-10T00:00:00Z', false]
    );
  });

  it('dnsResolution: a Host lists addresses, an Address lists hosts', async () => {
    const host = await get(idOf('malware-c2.example', DEMO_ORG), ['dnsResolution']);
    const hostItems = (
      host.dnsResolution as DataList<{
        dateOccurred: string;
        addresses: DataList<{ ip: string; id?: number }>;
      }>
    ).data;
    assert.equal(hostItems[0].dateOccurred, '2024-03-30T21:14:00Z');
    assert.deepEqual(
      hostItems.flatMap((r) => r.addresses.data.map((a) => a.ip)),
      ['192.0.2.10', '198.51.100.77', '2001:db8:0:0:0:0:0:1']
    );
    assert.equal(
      hostItems[0].addresses.data[0].id,
      idOf('192.0.2.10', DEMO_ORG),
      'known addresses carry their id'
    );

    const address = await get(idOf('192.0.2.10', DEMO_ORG), ['dnsResolution']);
    const addressItems = (address.dnsResolution as DataList<{ hosts: DataList<{ hostName: string }> }>).data;
    assert.deepEqual(
      addressItems[0].hosts.data.map((h) => h.hostName),
      ['malware-c2.example']
    );
  });

  it('whoIs is returned as whois on Hosts only', async () => {
    const host = await get(idOf('malware-c2.example', DEMO_ORG), ['whoIs']);
    const record = (host.whois as DataList<Record<string, string>>).data[0];
    assert.equal(record.registrar, 'Example Registrar, Inc.');
    assert.equal(record.created, '2023-09-01T00:00:00Z');
    assert.match(record.fullRecord, /^Domain Name: MALWARE-C2.EXAMPLE/);
    const address = await get(idOf('192.0.2.10', DEMO_ORG), ['whoIs']);
    assert.equal('whois' in address, false);
  });

  it('geoLocation on addresses', async () => {
    const data = await get(idOf('192.0.2.10', DEMO_ORG), ['geoLocation']);
    assert.deepEqual((data.geoLocation as Record<string, unknown>).countryCode, 'US');
  });
});
