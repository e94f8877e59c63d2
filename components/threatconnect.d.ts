/**
 * Types for the JSDoc of components/threatconnect.js.
 *
 * The first part mirrors lib/types/details.ts (the contract with the server) because the component is plain
 * browser JS checked by its own tsconfig and cannot import from lib/. test/browser/details-mirror.ts fails the
 * root type check when the two drift apart, so change both together.
 *
 * The second part describes the component's own UI state.
 */

// ---- Mirror of lib/types/details.ts ----

export type TcIndicatorType = 'Address' | 'EmailAddress' | 'File' | 'Host' | 'URL';
export type TcOwnerType = 'Organization' | 'Community' | 'Source';

export interface TagView {
  name: string;
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

export interface OrganizationView {
  owner: { id: number; name: string; type: TcOwnerType | string };
  indicatorId: number;
  type: TcIndicatorType;
  summary: string;
  webLink: string | null;
  rating: number | null;
  ratingLabel: string;
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
  searchedValue: string;
  indicatorType: TcIndicatorType;
  editingEnabled: boolean;
  reportProxyEnabled: boolean;
  organizations: OrganizationView[];
  errorMessage?: string;
}

export type LazyField = 'associatedGroups' | 'associatedIndicators' | 'dnsResolution' | 'whois';

export interface GroupView {
  id: number;
  name: string;
  type: string;
  ownerName: string;
  webLink: string | null;
  dateAdded: string | null;
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
  value: string;
  dateOccurred: string | null;
  webLink: string | null;
}

export interface WhoisView {
  created: string | null;
  expires: string | null;
  registrar: string | null;
  registrant: string | null;
  fullRecord: string | null;
}

export type ActionPayload =
  | { action: 'ADD_TAG'; indicatorId: number; tag: string }
  | { action: 'REMOVE_TAG'; indicatorId: number; tag: string }
  | { action: 'SET_RATING'; indicatorId: number; rating: number | string }
  | { action: 'SET_CONFIDENCE'; indicatorId: number; confidence: number | string }
  | { action: 'REPORT_FALSE_POSITIVE'; indicatorId: number }
  | { action: 'GET_FIELD'; indicatorId: number; field: LazyField }
  | { action: 'RETRY_LOOKUP'; entity: unknown }
  | { action: 'GET_DOWNLOAD_TOKEN'; groupId: number };

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
  data: { summary: string[]; details: TcDetails } | null;
}

export interface DownloadTokenReply {
  token: string;
}

export interface ErrorReply {
  error: { detail: string };
}

// ---- The component's UI state ----

export type TabId = 'info' | 'associations' | 'dns' | 'whois';

/** Which part of an organization a write changes; one write per area at a time. */
export type BusyArea = 'rating' | 'confidence' | 'tags' | 'falsePositive';

export interface Skull {
  value: number;
  full: boolean;
  half: boolean;
  label: string;
}

export interface TabView {
  id: TabId;
  label: string;
  active: boolean;
  loading: boolean;
  hasCount: boolean;
  count: number;
}

export interface LabelView {
  name: string;
  description: string | null;
  /** A validated colour turned into a safe style string, or null for the default look. */
  style: unknown;
}

/** One associated group as the Groups list shows it: the group, and whether its report can be downloaded. */
export interface GroupRow {
  id: number;
  group: GroupView;
  /** The report proxy runs and TC can export this group's type as PDF. */
  downloadable: boolean;
  /** Its download token is being fetched. */
  downloading: boolean;
}

/** One lazily loaded list (a GET_FIELD field) of one organization, paged in the overlay. */
export interface FieldState<T = unknown> {
  field: LazyField;
  loading: boolean;
  loaded: boolean;
  error: string | null;
  items: T[];
  page: number;
  readonly count: number;
  readonly pageItems: T[];
  readonly paged: boolean;
  readonly hasPrev: boolean;
  readonly hasNext: boolean;
  readonly rangeText: string;
  set<K extends keyof FieldState<T>>(key: K, value: FieldState<T>[K]): FieldState<T>[K];
  setProperties(values: Partial<FieldState<T>>): void;
}

/** Everything the overlay shows and tracks for one organization, kept across re-renders in block._state. */
export interface OrgState {
  key: number;
  org: OrganizationView;
  indicatorType: TcIndicatorType;
  /** details.reportProxyEnabled when the state was made: the details, and so the state, are replaced together. */
  reportProxyEnabled: boolean;
  tab: TabId;
  newTag: string;
  /** The rating shown while SET_RATING is in flight; null otherwise. */
  pendingRating: number | null;
  /** What the slider shows: the server's confidence, or what the analyst dragged it to. */
  confidenceDraft: number | string;
  ratingBusy: boolean;
  confidenceBusy: boolean;
  tagsBusy: boolean;
  /** The tag whose × was clicked, for its spinner. */
  removingTag: string | null;
  falsePositiveBusy: boolean;
  /** Groups whose download token is being fetched; several may be, each locking only its own button. */
  downloadingGroups: number[];
  groups: FieldState<GroupView>;
  indicators: FieldState<AssociatedIndicatorView>;
  dns: FieldState<DnsResolutionView>;
  whois: FieldState<WhoisView>;
  readonly skulls: Skull[];
  readonly ratingText: string;
  readonly confidenceText: string;
  readonly labels: LabelView[];
  /** org.attributes without the one that repeats the description. */
  readonly attributes: AttributeView[];
  readonly hasScore: boolean;
  readonly scoreStyle: unknown;
  readonly tabs: TabView[];
  readonly associationsLoading: boolean;
  /** The groups on the current page of `groups`, with their Download state. */
  readonly groupRows: GroupRow[];
  set<K extends keyof OrgState>(key: K, value: OrgState[K]): OrgState[K];
  setProperties(values: Partial<OrgState>): void;
}

/** What the component keeps on block._state so a re-created component finds the same UI state. */
export interface BlockState {
  source: unknown;
  orgs: Record<string, OrgState>;
}
