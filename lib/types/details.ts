/**
 * The payloads the overlay receives: `data.details` of a lookup result, and the replies of
 * `onMessage`. The browser component (components/threatconnect.js) reads exactly these shapes;
 * components/threatconnect.d.ts mirrors them for its type check, so change both together.
 */

export type TcIndicatorType = 'Address' | 'EmailAddress' | 'File' | 'Host' | 'URL';
export type TcOwnerType = 'Organization' | 'Community' | 'Source';

/** Bumped whenever the shape changes, so the overlay can recognise details cached by an older version. */
export const DETAILS_SCHEMA_VERSION = 1;

export interface TagView {
  name: string;
  /** Link to the tag in ThreatConnect, already rewritten for a custom port. */
  webLink: string | null;
}

export interface SecurityLabelView {
  name: string;
  color: string | null;
  description: string | null;
}

export interface AttributeView {
  type: string;
  value: string;
}

/** What one organization, community or source knows about the indicator. */
export interface OrganizationView {
  owner: { id: number; name: string; type: TcOwnerType | string };
  indicatorId: number;
  type: TcIndicatorType;
  summary: string;
  webLink: string | null;
  /** 0–5, may be a decimal such as 3.5; null when TC has no rating. */
  rating: number | null;
  ratingLabel: string;
  /** 0–100; null when TC has no confidence. */
  confidence: number | null;
  confidenceLabel: string;
  threatAssessScore: number | null;
  threatAssessRating: number | null;
  active: boolean;
  dateAdded: string | null;
  lastModified: string | null;
  description: string | null;
  tags: TagView[];
  securityLabels: SecurityLabelView[];
  attributes: AttributeView[];
  observations: number | null;
  lastObserved: string | null;
  falsePositives: number | null;
  lastFalsePositive: string | null;
  falsePositiveReportedByUser: boolean;
}

export interface TcDetails {
  schemaVersion: number;
  /** The normalised value searched in TC (e.g. IPv6 expanded). */
  searchedValue: string;
  indicatorType: TcIndicatorType;
  /** Admin option: when false the overlay hides every editing control and the server refuses writes. */
  editingEnabled: boolean;
  /** True when the report download proxy is running; the overlay then offers Download for PDF-capable groups. */
  reportProxyEnabled: boolean;
  organizations: OrganizationView[];
  /** Set on a retryable (volatile) result when TC could not be reached; the overlay offers Retry. */
  errorMessage?: string;
}

// ---- Lazy tabs (GET_FIELD) ----

export type LazyField = 'associatedGroups' | 'associatedIndicators' | 'dnsResolution' | 'whois';

export interface GroupView {
  id: number;
  name: string;
  type: string;
  ownerName: string;
  webLink: string | null;
  dateAdded: string | null;
  /** TC can export a PDF for this group type (reference §3.6). */
  pdfExportable: boolean;
}

export interface AssociatedIndicatorView {
  id: number;
  type: string;
  summary: string;
  ownerName: string;
  webLink: string | null;
  rating: number | null;
  confidence: number | null;
}

export interface DnsResolutionView {
  /** The resolved address for a Host, or the host name for an Address. */
  value: string;
  dateOccurred: string | null;
  /** Link to that address or host in TC when TC knows it as an indicator. */
  webLink: string | null;
}

export interface WhoisView {
  created: string | null;
  expires: string | null;
  registrar: string | null;
  registrant: string | null;
  fullRecord: string | null;
}

// ---- onMessage payloads and replies ----

export type ActionPayload =
  | { action: 'ADD_TAG'; indicatorId: number; tag: string }
  | { action: 'REMOVE_TAG'; indicatorId: number; tag: string }
  | { action: 'SET_RATING'; indicatorId: number; rating: number | string }
  | { action: 'SET_CONFIDENCE'; indicatorId: number; confidence: number | string }
  | { action: 'REPORT_FALSE_POSITIVE'; indicatorId: number }
  | { action: 'GET_FIELD'; indicatorId: number; field: LazyField }
  | { action: 'RETRY_LOOKUP'; entity: unknown }
  | { action: 'GET_DOWNLOAD_TOKEN'; groupId: number };

/** Every write replies with the organization's state as TC holds it after the write. */
export interface WriteReply {
  organization: OrganizationView;
}

export interface FalsePositiveReply extends WriteReply {
  falsePositive: { count: number; lastReported: string | null; alreadyReportedToday: boolean };
}

export type GetFieldReply =
  | { field: 'associatedGroups'; items: GroupView[] }
  | { field: 'associatedIndicators'; items: AssociatedIndicatorView[] }
  | { field: 'dnsResolution'; items: DnsResolutionView[] }
  | { field: 'whois'; items: WhoisView[] };

export interface RetryReply {
  /** The new `block.data` (null when the retry found nothing). */
  data: { summary: string[]; details: TcDetails } | null;
}

export interface DownloadTokenReply {
  token: string;
}

/** Business errors travel in the reply so the overlay can flash them without an integration error. */
export interface ErrorReply {
  error: { detail: string };
}
