/**
 * The records the simulator stores. They hold what ThreatConnect keeps per owner; the v3/v2 JSON shapes are
 * produced from them by `render/`, so a test can mutate a record and see the change in every route.
 */

export type OwnerType = 'Organization' | 'Community' | 'Source';

export interface Owner {
  id: number;
  name: string;
  type: OwnerType;
}

/** v3 `type` / TQL `typeName` of the indicator types the simulator supports (reference §2.0 table). */
export type IndicatorType = 'Address' | 'EmailAddress' | 'File' | 'Host' | 'URL';

export const INDICATOR_TYPES: readonly IndicatorType[] = ['Address', 'EmailAddress', 'File', 'Host', 'URL'];

/** Group types; only some can be exported as PDF (reference §3.6). */
export type GroupType =
  | 'Adversary'
  | 'Attack Pattern'
  | 'Campaign'
  | 'Course of Action'
  | 'Document'
  | 'Email'
  | 'Event'
  | 'Incident'
  | 'Intrusion Set'
  | 'Malware'
  | 'Report'
  | 'Signature'
  | 'Tactic'
  | 'Threat'
  | 'Tool'
  | 'Vulnerability';

export const PDF_EXPORTABLE_GROUP_TYPES: ReadonlySet<GroupType> = new Set<GroupType>([
  'Adversary',
  'Attack Pattern',
  'Campaign',
  'Course of Action',
  'Event',
  'Incident',
  'Intrusion Set',
  'Malware',
  'Report',
  'Tactic',
  'Threat',
  'Tool',
  'Vulnerability'
]);

/** Tags belong to an owner in ThreatConnect, so the same name has a different id in each owner. */
export interface Tag {
  id: number;
  ownerName: string;
  name: string;
  description?: string;
  lastUsed: string;
}

export interface SecurityLabel {
  id: number;
  name: string;
  description: string;
  color: string;
  owner: string;
  dateAdded: string;
}

export interface Attribute {
  id: number;
  type: string;
  value: string;
  dateAdded: string;
  lastModified: string;
  pinned: boolean;
  default: boolean;
}

export interface Group {
  id: number;
  ownerName: string;
  type: GroupType;
  name: string;
  dateAdded: string;
  lastModified: string;
  createdBy: string;
  upVoteCount: number;
  downVoteCount: number;
  /** PDF bytes for exportable types, generated once so downloads are byte-identical. */
  pdf?: Buffer;
}

export interface GeoLocation {
  asn: string;
  city: string;
  country: string;
  countryCode: string;
  latitude: number;
  longitude: number;
  registeringOrg: string;
  timezone: string;
}

/**
 * One passive-DNS observation. For a Host it lists the addresses it resolved to; for an Address the hosts that
 * resolved to it (our choice: the reference only documents the Host side, see README).
 */
export interface DnsResolution {
  dateOccurred: string;
  addresses?: string[];
  hosts?: string[];
}

export interface WhoisRecord {
  created: string;
  expires: string;
  lastUpdated: string;
  registrant: string;
  registrar: string;
  nameServers: string[];
  fullRecord: string;
}

export interface ThreatAssess {
  score: number;
  rating: number;
  confidence: number;
  scoreObserved: number;
  scoreFalsePositive: number;
  calScore: number;
}

/** A stored indicator: one value in one owner. The same value in another owner is another record. */
export interface IndicatorRecord {
  id: number;
  ownerName: string;
  type: IndicatorType;
  /** Address ip, EmailAddress address, Host hostName or URL text. Unused for File. */
  value?: string;
  md5?: string;
  sha1?: string;
  sha256?: string;
  size?: number;
  dnsActive?: boolean;
  whoisActive?: boolean;
  dateAdded: string;
  lastModified: string;
  rating?: number;
  confidence?: number;
  description?: string;
  source?: string;
  privateFlag: boolean;
  active: boolean;
  activeLocked: boolean;
  threatAssess: ThreatAssess;
  tags: Tag[];
  securityLabels: SecurityLabel[];
  attributes: Attribute[];
  groupIds: number[];
  indicatorIds: number[];
  observations: number;
  lastObserved?: string;
  falsePositives: number;
  /** Day precision, as v3 shows it. */
  lastFalsePositive?: string;
  /** Full time of the latest report, as v2's `lastReported` shows it. */
  lastFalsePositiveReportedAt?: string;
  /** accessId → UTC day (YYYY-MM-DD) of that user's last report, for the one-report-per-day rule. */
  falsePositiveReports: Record<string, string>;
  dnsResolutions: DnsResolution[];
  whois?: WhoisRecord;
  geoLocation?: GeoLocation;
}

/** ThreatConnect builds a File summary from whichever hashes it has, in this order (reference §3.2). */
export function summaryOf(
  record: Pick<IndicatorRecord, 'type' | 'value' | 'md5' | 'sha1' | 'sha256'>
): string {
  if (record.type === 'File') {
    return [record.md5, record.sha1, record.sha256].filter((h): h is string => Boolean(h)).join(' : ');
  }
  return record.value ?? '';
}
