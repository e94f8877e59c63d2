/**
 * `fields=` names from TC's `OPTIONS /v3/indicators/fields` list (reference §3.3). The simulator fills the ones
 * an enrichment client uses and accepts the rest so a valid request never fails here only because of them.
 */
export const IMPLEMENTED_FIELDS = [
  'threatAssess',
  'tags',
  'securityLabels',
  'attributes',
  'associatedGroups',
  'associatedIndicators',
  'observations',
  'falsePositives',
  'dnsResolution',
  'whoIs',
  'geoLocation',
  'trackedUsers'
] as const;

/** Accepted; collections among them come back empty. */
export const ACCEPTED_FIELDS = [
  'associatedCases',
  'associatedArtifacts',
  'enrichment',
  'investigationLinks',
  'fileOccurrences',
  'fileActions',
  'customAssociations',
  'associationName',
  'externalDates',
  'sightings',
  'genericCustomIndicatorValues'
] as const;

export type FieldName = (typeof IMPLEMENTED_FIELDS)[number] | (typeof ACCEPTED_FIELDS)[number];

const ALL_FIELDS: readonly FieldName[] = [...IMPLEMENTED_FIELDS, ...ACCEPTED_FIELDS];

export type FieldsResult = { ok: true; fields: Set<FieldName> } | { ok: false; unknown: string };

/**
 * Reads repeated (`fields=a&fields=b`) and comma-separated `fields` values. Names match ignoring case unless
 * `caseInsensitive` is off, because TC lists `whoIs` while Polarity's client sends `whois` (reference §3.1).
 */
export function parseFields(
  values: string[] | undefined,
  caseInsensitive: boolean,
  unknownIsError: boolean
): FieldsResult {
  const fields = new Set<FieldName>();
  for (const name of (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim())) {
    if (name === '') continue;
    const known = ALL_FIELDS.find((f) =>
      caseInsensitive ? f.toLowerCase() === name.toLowerCase() : f === name
    );
    if (known) fields.add(known);
    else if (unknownIsError) return { ok: false, unknown: name };
  }
  return { ok: true, fields };
}
