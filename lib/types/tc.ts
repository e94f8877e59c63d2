/**
 * ThreatConnect REST API shapes we read and write (reference threatconnect-api.md §2, §3).
 * Optional fields are optional because TC omits them when unset (e.g. rating).
 */
import type { TcIndicatorType } from './details';

export interface TcV3Tag {
  id?: number;
  name: string;
  description?: string;
  lastUsed?: string;
}

export interface TcV3SecurityLabel {
  id?: number;
  name: string;
  description?: string;
  color?: string;
  owner?: string;
  dateAdded?: string;
}

export interface TcV3Attribute {
  id?: number;
  type: string;
  value: string;
  dateAdded?: string;
  lastModified?: string;
  pinned?: boolean;
  default?: boolean;
}

export interface TcV3Group {
  id: number;
  ownerId?: number;
  ownerName?: string;
  dateAdded?: string;
  webLink?: string;
  type: string;
  name: string;
  lastModified?: string;
}

export interface TcV3DnsResolution {
  dateOccurred?: string;
  addresses?: { data?: Array<{ ip?: string; id?: number; webLink?: string }> };
  hosts?: { data?: Array<{ hostName?: string; id?: number; webLink?: string }> };
  [key: string]: unknown;
}

export interface TcV3Whois {
  created?: string;
  expires?: string;
  registrar?: string;
  registrant?: string;
  fullRecord?: string;
  [key: string]: unknown;
}

export interface TcV3Indicator {
  id: number;
  ownerId?: number;
  ownerName: string;
  type: TcIndicatorType | string;
  summary: string;
  dateAdded?: string;
  lastModified?: string;
  webLink?: string;
  rating?: number;
  confidence?: number;
  description?: string;
  active?: boolean;
  privateFlag?: boolean;
  ip?: string;
  address?: string;
  md5?: string;
  sha1?: string;
  sha256?: string;
  hostName?: string;
  text?: string;
  threatAssessScore?: number;
  threatAssessRating?: number;
  threatAssessConfidence?: number;
  tags?: { data?: TcV3Tag[] };
  securityLabels?: { data?: TcV3SecurityLabel[] };
  attributes?: { data?: TcV3Attribute[] };
  associatedGroups?: { data?: TcV3Group[] };
  associatedIndicators?: { data?: TcV3Indicator[] };
  dnsResolution?: { data?: TcV3DnsResolution[] };
  whois?: { data?: TcV3Whois[] } | TcV3Whois;
  observations?: number;
  lastObserved?: string;
  falsePositives?: number;
  lastFalsePositive?: string;
  falsePositiveReportedByUser?: boolean;
}

export interface TcV3Owner {
  id: number;
  name: string;
  type: string;
  permIndicator?: string;
  ownerRole?: string;
}

/** v3 list envelope; `next` is an absolute URL that may lack a custom port. */
export interface TcV3ListEnvelope<T> {
  status: 'Success';
  data: T[];
  count?: number;
  next?: string;
  prev?: string;
}

export interface TcV3ItemEnvelope<T> {
  status: 'Success';
  data: T;
  message?: string;
}

export interface TcV3ErrorEnvelope {
  status: 'Error';
  errCode?: string;
  message?: string;
}

export interface TcV2FailureEnvelope {
  status: 'Failure';
  message?: string;
}

export interface TcV2FalsePositiveEnvelope {
  status: 'Success';
  data: { falsePositive: { count: number; lastReported?: string } };
}

/** Body of PUT /v3/indicators/{id}. */
export interface TcV3IndicatorUpdate {
  rating?: number;
  confidence?: number;
  tags?: { data: Array<{ name: string }>; mode: 'append' | 'delete' | 'replace' };
}
