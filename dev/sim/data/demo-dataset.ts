import { createHash } from 'node:crypto';
import type { SimUser } from '../types';
import { Dataset, IndicatorSpec } from './dataset';
import { GeoLocation, IndicatorRecord, WhoisRecord } from './model';
import { picker, seededRandom } from './prng';

export const DEMO_ORG = 'Demo Organization';
/** The apostrophe is deliberate: owner names end up inside quoted TQL strings. */
export const DEMO_COMMUNITY = "Analysts' Community";
/** The comma is deliberate: owner names end up inside TQL `in (...)` lists. */
export const DEMO_SOURCE = 'Open Feeds, Tier 1';
/** Exists but DEMO_USER cannot see it, for allowlist and permission tests. */
export const PARTNER_ORG = 'Partner Vault';

/** `$$ + / =` are in the secret on purpose: they catch a signer that treats the key as base64 or a template. */
export const DEMO_USER: SimUser = {
  accessId: 'demo-access-id',
  apiKey: 'demo$$Secret+/Key==',
  owners: [DEMO_ORG, DEMO_COMMUNITY, DEMO_SOURCE],
  userName: 'demo.api'
};

/** Sees one of the demo owners and the partner org, so owner filtering differs per user. */
export const LIMITED_USER: SimUser = {
  accessId: 'limited-access-id',
  apiKey: 'limited+Secret/Key=',
  owners: [PARTNER_ORG, DEMO_COMMUNITY],
  userName: 'limited.api'
};

export interface DemoEntity {
  /** As an analyst would type or Polarity would send it. */
  value: string;
  /** What TC stores, i.e. what a correct client must search for. */
  storedAs: string;
  /** Owners in which DEMO_USER finds it with a default (active-only) search. */
  owners: string[];
  note: string;
}

const EICAR = {
  md5: '44D88612FEA8A8F36DE82E1278ABB02F',
  sha1: '3395856CE81F2B7382DEE72602F798B642F14140',
  sha256: '275A021BBFB6489E54D471899F7DB9D1663FC695EC2FE2A2C4538AABF651FD0F'
};
const EMPTY_FILE_MD5 = 'D41D8CD98F00B204E9800998ECF8427E';
const HTML_TAG = '<img src=x onerror=alert(1)>';

export const DEMO_ENTITIES: readonly DemoEntity[] = [
  {
    value: '192.0.2.10',
    storedAs: '192.0.2.10',
    owners: [DEMO_ORG, DEMO_COMMUNITY, DEMO_SOURCE],
    note: 'hit in 3 owners'
  },
  {
    value: 'malware-c2.example',
    storedAs: 'malware-c2.example',
    owners: [DEMO_ORG, DEMO_COMMUNITY],
    note: 'hit in 2 owners, DNS and WHOIS'
  },
  {
    value: 'LOGIN-PORTAL.EXAMPLE',
    storedAs: 'login-portal.example',
    owners: [DEMO_COMMUNITY, DEMO_SOURCE],
    note: 'upper-case domain; TC stores lower case'
  },
  {
    value: '2001:db8::1',
    storedAs: '2001:db8:0:0:0:0:0:1',
    owners: [DEMO_ORG],
    note: 'compressed IPv6; TC stores the expanded form'
  },
  {
    value: EICAR.sha256.toLowerCase(),
    storedAs: EICAR.sha256,
    owners: [DEMO_ORG, DEMO_COMMUNITY],
    note: 'one hash of multi-hash files'
  },
  {
    value: EMPTY_FILE_MD5.toLowerCase(),
    storedAs: EMPTY_FILE_MD5,
    owners: [DEMO_SOURCE],
    note: 'single-hash file'
  },
  {
    value: 'phisher@bad-mail.example',
    storedAs: 'phisher@bad-mail.example',
    owners: [DEMO_COMMUNITY, DEMO_SOURCE],
    note: 'email'
  },
  {
    value: 'https://login.example/path?a=1&b=(2)',
    storedAs: 'https://login.example/path?a=1&b=(2)',
    owners: [DEMO_ORG],
    note: 'URL with a query string'
  },
  {
    value: '203.0.113.66',
    storedAs: '203.0.113.66',
    owners: [],
    note: 'inactive in the Demo Organization: found only when inactive indicators are searched'
  },
  {
    value: 'xss-probe.test',
    storedAs: 'xss-probe.test',
    owners: [DEMO_SOURCE],
    note: 'tag and description with HTML metacharacters'
  },
  {
    value: 'partner-only.example',
    storedAs: 'partner-only.example',
    owners: [],
    note: 'exists only in an owner DEMO_USER cannot see'
  },
  { value: '198.51.100.254', storedAs: '198.51.100.254', owners: [], note: 'a miss' }
];

/** Values `npm start` looks up. */
export const DEMO_ENTITY_VALUES: string[] = DEMO_ENTITIES.map((entity) => entity.value);

/**
 * 40 addresses present in all three demo owners: one search for them returns 120 hits, more than one default
 * page of 100, so paging is exercised without adding data.
 */
export const DEMO_BULK_VALUES: string[] = Array.from({ length: 40 }, (_, i) => `198.51.100.${i + 1}`);

const SECURITY_LABELS = [
  { name: 'TLP:RED', color: 'FF0033', description: 'Not for disclosure, restricted to participants only.' },
  {
    name: 'TLP:AMBER',
    color: 'FFC000',
    description: 'Limited disclosure, restricted to participants’ organizations.'
  },
  { name: 'TLP:GREEN', color: '33FF00', description: 'Limited disclosure, restricted to the community.' },
  { name: 'TLP:WHITE', color: 'FFFFFF', description: 'Disclosure is not limited.' }
];

const GEO: GeoLocation[] = [
  geo('AS64500', 'Springfield', 'United States', 'US', 39.8, -89.6, 'Example Hosting LLC', 'America/Chicago'),
  geo(
    'AS64501',
    'Rotterdam',
    'Netherlands',
    'NL',
    51.9,
    4.5,
    'Documentation Networks B.V.',
    'Europe/Amsterdam'
  ),
  geo('AS64502', 'Osaka', 'Japan', 'JP', 34.7, 135.5, 'Test-Net KK', 'Asia/Tokyo'),
  geo('AS64503', 'Lagos', 'Nigeria', 'NG', 6.5, 3.4, 'Sample Transit Ltd', 'Africa/Lagos')
];

const TAG_POOL = [
  'Botnet',
  'Scanner',
  'Phishing',
  'C2',
  'Malware',
  'Spam',
  'TOR exit',
  'Brute force',
  'feed:abuse'
];
const HOST_WORDS = ['update', 'cdn', 'mail', 'auth', 'files', 'track', 'static', 'api'];

export function createDemoDataset(): Dataset {
  const data = new Dataset();
  data.addOwner({ id: 1, name: DEMO_ORG, type: 'Organization' });
  data.addOwner({ id: 2, name: DEMO_COMMUNITY, type: 'Community' });
  data.addOwner({ id: 3, name: DEMO_SOURCE, type: 'Source' });
  data.addOwner({ id: 4, name: PARTNER_ORG, type: 'Organization' });
  for (const label of SECURITY_LABELS)
    data.addSecurityLabel({ ...label, owner: 'System', dateAdded: '2016-08-31T00:00:00Z' });

  const groups = addGroups(data);
  addFeaturedIndicators(data, groups);
  addGeneratedIndicators(data, groups);
  return data;
}

type DemoGroups = Record<
  | 'adversary'
  | 'report'
  | 'document'
  | 'incident'
  | 'email'
  | 'malware'
  | 'signature'
  | 'campaign'
  | 'threat'
  | 'digest'
  | 'intrusionSet'
  | 'partnerReport',
  number
>;

function addGroups(data: Dataset): DemoGroups {
  const add = (
    ownerName: string,
    type: Parameters<Dataset['addGroup']>[0]['type'],
    name: string,
    dateAdded: string
  ) => data.addGroup({ ownerName, type, name, dateAdded }).id;
  return {
    adversary: add(DEMO_ORG, 'Adversary', 'Example Bear', '2023-02-14T09:30:00Z'),
    report: add(DEMO_ORG, 'Report', 'Q3 Phishing Wave', '2023-10-02T16:00:00Z'),
    document: add(DEMO_ORG, 'Document', 'phish-kit-notes.pdf', '2023-10-03T08:15:00Z'),
    incident: add(DEMO_ORG, 'Incident', 'INC-2024-0042 Credential phishing', '2024-01-09T11:45:00Z'),
    email: add(DEMO_ORG, 'Email', 'Invoice overdue', '2024-01-09T11:50:00Z'),
    malware: add(DEMO_ORG, 'Malware', 'EICAR test family', '2022-05-05T05:05:05Z'),
    signature: add(DEMO_ORG, 'Signature', 'EICAR YARA rule', '2022-05-06T06:06:06Z'),
    campaign: add(DEMO_ORG, 'Campaign', 'Operation Sandcastle', '2023-07-21T13:00:00Z'),
    threat: add(DEMO_COMMUNITY, 'Threat', 'Botnet resurgence', '2023-11-11T11:11:00Z'),
    digest: add(DEMO_COMMUNITY, 'Report', 'Weekly <b>digest</b> & notes', '2024-02-05T07:00:00Z'),
    intrusionSet: add(DEMO_SOURCE, 'Intrusion Set', 'Feed cluster 7', '2023-09-09T09:09:00Z'),
    partnerReport: add(PARTNER_ORG, 'Report', 'Partner-only report', '2024-03-03T03:03:00Z')
  };
}

/** The records behind DEMO_ENTITIES, written out by hand so that each demo value shows one thing clearly. */
function addFeaturedIndicators(data: Dataset, g: DemoGroups): void {
  const c2Org = data.addIndicator({
    ownerName: DEMO_ORG,
    type: 'Address',
    value: '192.0.2.10',
    rating: 4,
    confidence: 85,
    description: 'Command-and-control node seen in the Q3 phishing wave.',
    source: 'Internal SOC',
    tags: ['APT', 'C2'],
    securityLabels: ['TLP:AMBER'],
    dateAdded: '2023-09-28T14:02:11Z',
    lastModified: '2024-04-01T08:00:00Z',
    threatAssess: {
      score: 721,
      rating: 4,
      confidence: 85,
      scoreObserved: 640,
      scoreFalsePositive: 12,
      calScore: 690
    },
    observations: 12,
    lastObserved: '2024-04-01T07:59:00Z',
    falsePositives: 1,
    lastFalsePositive: '2024-02-10T00:00:00Z',
    dnsResolutions: [
      { dateOccurred: '2024-03-30T21:14:00Z', hosts: ['malware-c2.example'] },
      { dateOccurred: '2023-12-01T02:00:00Z', hosts: ['update-0.test', 'malware-c2.example'] }
    ],
    geoLocation: GEO[0]
  });
  for (const id of [g.adversary, g.report, g.document]) data.associateGroup(c2Org.id, id);

  const c2Community = data.addIndicator({
    ownerName: DEMO_COMMUNITY,
    type: 'Address',
    value: '192.0.2.10',
    rating: 3.5,
    confidence: 60,
    tags: ['Botnet'],
    securityLabels: ['TLP:GREEN'],
    dateAdded: '2023-10-04T10:20:30Z',
    threatAssess: { score: 540, rating: 3.5, confidence: 60, calScore: 500 },
    observations: 3,
    lastObserved: '2024-03-02T12:00:00Z',
    geoLocation: GEO[0]
  });
  for (const id of [g.threat, g.digest]) data.associateGroup(c2Community.id, id);

  data.addIndicator({
    ownerName: DEMO_SOURCE,
    type: 'Address',
    value: '192.0.2.10',
    rating: 2,
    confidence: 40,
    tags: ['feed:abuse'],
    securityLabels: ['TLP:WHITE'],
    dateAdded: '2023-08-15T00:00:00Z',
    threatAssess: { score: 310, rating: 2, confidence: 40, calScore: 280 },
    geoLocation: GEO[0]
  });

  const hostOrg = data.addIndicator({
    ownerName: DEMO_ORG,
    type: 'Host',
    value: 'malware-c2.example',
    rating: 5,
    confidence: 90,
    dnsActive: true,
    whoisActive: true,
    description: 'Serves the second-stage loader & beacons home.',
    tags: ['C2', 'Phishing'],
    securityLabels: ['TLP:RED'],
    dateAdded: '2023-09-28T14:05:00Z',
    threatAssess: { score: 890, rating: 5, confidence: 90, scoreObserved: 800, calScore: 870 },
    observations: 40,
    lastObserved: '2024-04-02T09:30:00Z',
    dnsResolutions: [
      { dateOccurred: '2024-03-30T21:14:00Z', addresses: ['192.0.2.10'] },
      { dateOccurred: '2024-01-05T06:00:00Z', addresses: ['198.51.100.77', '2001:db8:0:0:0:0:0:1'] }
    ],
    whois: whois(
      'malware-c2.example',
      '2023-09-01T00:00:00Z',
      'Example Registrar, Inc.',
      'REDACTED FOR PRIVACY'
    )
  });
  data.associateIndicators(hostOrg.id, c2Org.id);
  for (const id of [g.incident, g.email, g.campaign]) data.associateGroup(hostOrg.id, id);

  data.addIndicator({
    ownerName: DEMO_COMMUNITY,
    type: 'Host',
    value: 'malware-c2.example',
    rating: 3,
    confidence: 55,
    dnsActive: false,
    whoisActive: true,
    tags: ['Malware'],
    dateAdded: '2023-10-10T10:10:10Z',
    threatAssess: { score: 600, rating: 3, confidence: 55, calScore: 590 },
    whois: whois(
      'malware-c2.example',
      '2023-09-01T00:00:00Z',
      'Example Registrar, Inc.',
      'REDACTED FOR PRIVACY'
    )
  });

  for (const [ownerName, rating] of [
    [DEMO_COMMUNITY, 2.5],
    [DEMO_SOURCE, 4]
  ] as const) {
    data.addIndicator({
      ownerName,
      type: 'Host',
      value: 'login-portal.example',
      rating,
      confidence: 70,
      dnsActive: true,
      whoisActive: false,
      tags: ['Phishing'],
      dateAdded: '2024-01-20T08:00:00Z',
      threatAssess: { score: 455, rating, confidence: 70, calScore: 430 },
      dnsResolutions: [{ dateOccurred: '2024-01-20T07:00:00Z', addresses: ['203.0.113.5'] }],
      whois: whois('login-portal.example', '2024-01-18T00:00:00Z', 'Test Names Ltd', 'Login Portal Holdings')
    });
  }

  data.addIndicator({
    ownerName: DEMO_ORG,
    type: 'Address',
    value: '2001:db8:0:0:0:0:0:1',
    rating: 3,
    confidence: 75,
    tags: ['IPv6', 'C2'],
    dateAdded: '2024-01-05T06:30:00Z',
    threatAssess: { score: 505, rating: 3, confidence: 75, calScore: 500 },
    geoLocation: GEO[1]
  });

  const eicarOrg = data.addIndicator({
    ownerName: DEMO_ORG,
    type: 'File',
    ...EICAR,
    size: 68,
    rating: 1,
    confidence: 100,
    description: 'EICAR anti-virus test file; harmless.',
    tags: ['Test File'],
    securityLabels: ['TLP:WHITE'],
    dateAdded: '2022-05-05T05:05:05Z',
    threatAssess: { score: 120, rating: 1, confidence: 100, calScore: 100 }
  });
  for (const id of [g.malware, g.signature]) data.associateGroup(eicarOrg.id, id);
  data.addIndicator({
    ownerName: DEMO_COMMUNITY,
    type: 'File',
    md5: EICAR.md5,
    sha256: EICAR.sha256,
    rating: 2.5,
    confidence: 90,
    tags: ['EICAR'],
    dateAdded: '2022-06-01T00:00:00Z',
    threatAssess: { score: 200, rating: 2.5, confidence: 90, calScore: 180 }
  });
  data.addIndicator({
    ownerName: DEMO_SOURCE,
    type: 'File',
    md5: EMPTY_FILE_MD5,
    size: 0,
    rating: 1.5,
    confidence: 20,
    tags: ['feed:abuse'],
    dateAdded: '2023-03-03T03:03:03Z'
  });

  for (const [ownerName, rating] of [
    [DEMO_COMMUNITY, 3],
    [DEMO_SOURCE, 4.5]
  ] as const) {
    data.addIndicator({
      ownerName,
      type: 'EmailAddress',
      value: 'phisher@bad-mail.example',
      rating,
      confidence: 65,
      tags: ['Phishing'],
      dateAdded: '2023-10-02T15:00:00Z',
      threatAssess: { score: 610, rating, confidence: 65, calScore: 600 }
    });
  }

  const url = data.addIndicator({
    ownerName: DEMO_ORG,
    type: 'URL',
    value: 'https://login.example/path?a=1&b=(2)',
    rating: 4,
    confidence: 80,
    description: 'Credential harvesting page; parameters a & b vary per target.',
    tags: ['Phishing'],
    dateAdded: '2024-01-09T11:40:00Z',
    threatAssess: { score: 700, rating: 4, confidence: 80, calScore: 690 }
  });
  data.associateIndicators(url.id, hostOrg.id);
  data.associateGroup(url.id, g.incident);

  data.addIndicator({
    ownerName: DEMO_ORG,
    type: 'Address',
    value: '203.0.113.66',
    active: false,
    rating: 2,
    confidence: 30,
    description: 'Retired scanner; kept for history.',
    tags: ['Scanner'],
    dateAdded: '2022-11-11T11:11:11Z',
    geoLocation: GEO[2]
  });

  const xss = data.addIndicator({
    ownerName: DEMO_SOURCE,
    type: 'Host',
    value: 'xss-probe.test',
    rating: 3,
    confidence: 50,
    dnsActive: false,
    whoisActive: false,
    description: 'Payload host for <script>alert("x")</script> & friends',
    tags: [HTML_TAG, 'R&D <test>'],
    dateAdded: '2024-02-29T12:00:00Z'
  });
  data.associateGroup(xss.id, g.intrusionSet);

  const partner = data.addIndicator({
    ownerName: PARTNER_ORG,
    type: 'Host',
    value: 'partner-only.example',
    rating: 5,
    confidence: 95,
    tags: ['Partner'],
    securityLabels: ['TLP:RED'],
    dateAdded: '2024-03-03T03:00:00Z'
  });
  data.associateGroup(partner.id, g.partnerReport);
  data.addIndicator({
    ownerName: PARTNER_ORG,
    type: 'Address',
    value: '192.0.2.10',
    rating: 5,
    confidence: 99
  });
}

/** Bulk data from a fixed seed: every type, many values in 2–3 owners, some inactive. */
function addGeneratedIndicators(data: Dataset, g: DemoGroups): void {
  const pick = picker(seededRandom(0x7c7c2024));
  const demoOwners = [DEMO_ORG, DEMO_COMMUNITY, DEMO_SOURCE];
  const someOwners = (): string[] => {
    const count = pick.int(1, 3);
    const start = pick.int(0, 2);
    return Array.from({ length: count }, (_, i) => demoOwners[(start + i) % 3]);
  };
  const common = (): Omit<IndicatorSpec, 'type' | 'ownerName'> => {
    const rating = pick.chance(0.15) ? undefined : pick.int(2, 10) / 2;
    const confidence = pick.chance(0.15) ? undefined : pick.int(0, 100);
    const dateAdded = date(pick.int(0, 400), pick.int(0, 86399));
    const falsePositives = pick.chance(0.2) ? pick.int(1, 4) : 0;
    const observations = pick.chance(0.5) ? pick.int(1, 50) : 0;
    const spec: Omit<IndicatorSpec, 'type' | 'ownerName'> = {
      confidence,
      rating,
      dateAdded,
      lastModified: date(pick.int(401, 500), pick.int(0, 86399)),
      tags: pick.chance(0.7) ? [pick.pick(TAG_POOL), ...(pick.chance(0.3) ? [pick.pick(TAG_POOL)] : [])] : [],
      securityLabels: pick.chance(0.3) ? [pick.pick(SECURITY_LABELS).name] : [],
      threatAssess: {
        score: pick.int(0, 1000),
        rating: rating ?? 0,
        confidence: confidence ?? 0,
        scoreObserved: pick.int(0, 1000),
        scoreFalsePositive: falsePositives * 25,
        calScore: pick.int(0, 1000)
      },
      observations,
      falsePositives
    };
    if (observations > 0) spec.lastObserved = date(pick.int(401, 500), 3600);
    if (falsePositives > 0) spec.lastFalsePositive = date(pick.int(401, 500), 0);
    // Duplicate tags would collide in the owner's tag set.
    spec.tags = [...new Set(spec.tags)];
    return spec;
  };

  const bulk: IndicatorRecord[] = [];
  for (const value of DEMO_BULK_VALUES) {
    for (const ownerName of demoOwners) {
      bulk.push(
        data.addIndicator({ ...common(), ownerName, type: 'Address', value, geoLocation: pick.pick(GEO) })
      );
    }
  }
  for (const record of bulk.filter((r) => r.ownerName === DEMO_ORG).slice(0, 5)) {
    data.associateGroup(record.id, g.campaign);
  }

  for (let i = 0; i < 10; i++) {
    for (const ownerName of someOwners()) {
      data.addIndicator({
        ...common(),
        ownerName,
        type: 'Address',
        value: `203.0.113.${100 + i}`,
        active: i % 4 !== 3,
        geoLocation: pick.pick(GEO)
      });
    }
  }

  const ipv6 = [
    '2001:db8:0:0:0:0:0:a',
    '2001:db8:85a3:0:0:8a2e:370:7334',
    '2001:db8:1:2:3:4:5:6',
    '2001:db8:ffff:0:0:0:0:1'
  ];
  for (const value of ipv6) {
    for (const ownerName of someOwners())
      data.addIndicator({ ...common(), ownerName, type: 'Address', value });
  }

  for (let i = 0; i < 16; i++) {
    const hostName = `${HOST_WORDS[i % HOST_WORDS.length]}-${i}.${i % 3 === 0 ? 'test' : 'example'}`;
    for (const ownerName of someOwners()) {
      const resolvedAt = date(pick.int(300, 450), 7200);
      data.addIndicator({
        ...common(),
        ownerName,
        type: 'Host',
        value: hostName,
        dnsActive: pick.chance(0.5),
        whoisActive: pick.chance(0.5),
        active: i % 7 !== 6,
        dnsResolutions: [{ dateOccurred: resolvedAt, addresses: [`203.0.113.${pick.int(1, 60)}`] }],
        whois: whois(
          hostName,
          date(pick.int(0, 200), 0),
          pick.pick(['Example Registrar, Inc.', 'Test Names Ltd']),
          'REDACTED'
        )
      });
    }
  }

  for (let i = 0; i < 8; i++) {
    for (const ownerName of someOwners()) {
      data.addIndicator({
        ...common(),
        ownerName,
        type: 'EmailAddress',
        value: `sender${i}@mail${i}.example`
      });
    }
  }

  for (let i = 0; i < 10; i++) {
    const hashes = {
      md5: digest('md5', `demo-file-${i}`),
      sha1: digest('sha1', `demo-file-${i}`),
      sha256: digest('sha256', `demo-file-${i}`)
    };
    // Vary which hashes TC knows: all three, one alone, or two.
    const known = [
      hashes,
      { md5: hashes.md5 },
      { sha256: hashes.sha256 },
      { sha1: hashes.sha1, sha256: hashes.sha256 }
    ][i % 4];
    for (const ownerName of someOwners()) {
      data.addIndicator({ ...common(), ownerName, type: 'File', ...known, size: 1024 * (i + 1) });
    }
  }

  for (let i = 0; i < 8; i++) {
    const value = `https://cdn${i}.example/download/${i}?id=${i * 7}&ref=mail${i % 2 ? '&lang=en%20US' : ''}`;
    for (const ownerName of someOwners()) data.addIndicator({ ...common(), ownerName, type: 'URL', value });
  }

  for (let i = 0; i < 4; i++) {
    data.addIndicator({ ...common(), ownerName: PARTNER_ORG, type: 'Address', value: DEMO_BULK_VALUES[i] });
  }
}

/** Day `day` after 2023-03-01 plus `seconds`, in TC's date format. */
function date(day: number, seconds: number): string {
  const ms = Date.UTC(2023, 2, 1) + day * 86_400_000 + seconds * 1000;
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function digest(algorithm: 'md5' | 'sha1' | 'sha256', text: string): string {
  return createHash(algorithm).update(text).digest('hex').toUpperCase();
}

function geo(
  asn: string,
  city: string,
  country: string,
  countryCode: string,
  latitude: number,
  longitude: number,
  registeringOrg: string,
  timezone: string
): GeoLocation {
  return { asn, city, country, countryCode, latitude, longitude, registeringOrg, timezone };
}

function whois(domain: string, created: string, registrar: string, registrant: string): WhoisRecord {
  const createdYear = Number(created.slice(0, 4));
  const expires = `${createdYear + 1}${created.slice(4)}`;
  const nameServers = [`ns1.${domain}`, `ns2.${domain}`];
  return {
    created,
    expires,
    lastUpdated: created,
    registrant,
    registrar,
    nameServers,
    fullRecord: [
      `Domain Name: ${domain.toUpperCase()}`,
      `Registrar: ${registrar}`,
      `Creation Date: ${created}`,
      `Registry Expiry Date: ${expires}`,
      `Registrant Organization: ${registrant}`,
      ...nameServers.map((ns) => `Name Server: ${ns.toUpperCase()}`)
    ].join('\n')
  };
}
