/**
 * Hand-written, typed details for the one state the simulator cannot produce: details cached by an older
 * integration version. Everything else the browser tests render comes from the real integration against the
 * simulator (real-data.ts).
 */
import { DETAILS_SCHEMA_VERSION, type OrganizationView, type TcDetails } from '../../lib/types/details';

/** A block as the harness page takes it: what Polarity hands the component. */
export interface BlockInput {
  entity: { value: string; [key: string]: unknown };
  data: { summary: string[]; details: unknown } | null;
}

export function makeOrganization(overrides: Partial<OrganizationView> = {}): OrganizationView {
  return {
    owner: { id: 1, name: 'Fixture Org', type: 'Organization' },
    indicatorId: 1001,
    type: 'Host',
    summary: 'fixture.example',
    webLink: 'https://tc.example/auth/indicators/details/host.xhtml?host=fixture.example&owner=Fixture+Org',
    rating: 3,
    ratingLabel: 'Moderate',
    confidence: 50,
    confidenceLabel: 'Possible',
    threatAssessScore: 500,
    threatAssessRating: 3,
    active: true,
    dateAdded: '2024-01-02T03:04:05Z',
    lastModified: '2024-02-03T04:05:06Z',
    description: null,
    tags: [],
    securityLabels: [],
    attributes: [],
    observations: null,
    lastObserved: null,
    falsePositives: null,
    lastFalsePositive: null,
    falsePositiveReportedByUser: false,
    ...overrides
  };
}

export function makeDetails(overrides: Partial<TcDetails> = {}): TcDetails {
  return {
    schemaVersion: DETAILS_SCHEMA_VERSION,
    searchedValue: 'fixture.example',
    indicatorType: 'Host',
    editingEnabled: true,
    reportProxyEnabled: false,
    organizations: [makeOrganization()],
    ...overrides
  };
}

export function makeBlock(details: unknown, value = 'fixture.example'): BlockInput {
  return {
    entity: { value, type: 'domain', types: ['domain'] },
    data: { summary: ['Fixture Org'], details }
  };
}

/** Details as an integration version before schemaVersion existed cached them (one result per owner). */
export function legacyDetails(): unknown {
  return {
    results: [{ owner: { name: 'Fixture Org' }, meta: {}, tag: [{ name: 'old' }] }]
  };
}
