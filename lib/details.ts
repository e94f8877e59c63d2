import type { PolarityEntity } from './types/polarity';
import type { TcDetails } from './types/details';
import { DETAILS_SCHEMA_VERSION } from './types/details';
import type { Settings } from './settings';
import { clientFor, linkRewriterFor } from './context';
import { getIndicatorsById, ownerPermitted } from './indicators';
import { ownersFor, ownerIndex } from './owners';
import { buildDetails, buildSummary, toOrganizationView } from './results';
import { lookupEntities, ownerCacheKey } from './lookup';
import { toTcError } from './tc/errors';
import { isReportProxyEnabled } from './report-proxy/state';
import { log } from './logger';

/** What Polarity hands onDetails: the cached lookup result. */
export interface LookupObject {
  entity: PolarityEntity;
  data?: { summary?: unknown; details?: unknown } | null;
  isVolatile?: boolean;
  isCached?: boolean;
  displayValue?: string;
}

export type DetailsData = { summary: string[]; details: TcDetails };

export function isCurrentDetails(details: unknown): details is TcDetails {
  const d = details as Partial<TcDetails> | null | undefined;
  return !!d && d.schemaVersion === DETAILS_SCHEMA_VERSION && Array.isArray(d.organizations);
}

/**
 * Polarity caches lookups, so the expanded view is where stale data is corrected: every
 * organization's indicator is re-read in one request by id, with the Info tab's fields, and
 * the summary is rebuilt from what TC holds now.
 */
export async function refreshDetails(lookup: LookupObject, settings: Settings): Promise<DetailsData> {
  let details = lookup?.data?.details;
  // A retryable result has nothing to re-read by id: TC was unavailable, so search again.
  const unavailable =
    isCurrentDetails(details) && !!details.errorMessage && details.organizations.length === 0;
  if (!isCurrentDetails(details) || unavailable) {
    // Cached by an older version: search again rather than guess at the old shape.
    const entity = lookup?.entity;
    const fresh = entity ? (await lookupEntities([entity], settings))[0]?.data : null;
    if (!fresh) {
      log.info(
        { entity: entity?.value },
        'Details could not be refreshed: the indicator is not in ThreatConnect'
      );
      if (!unavailable) return { summary: [], details: staleDetails() };
      // TC answers again and knows nothing of the value: show that, not the old outage.
      const { errorMessage: _outage, ...rest } = details as TcDetails;
      return { summary: [], details: { ...rest, organizations: [] } };
    }
    // Still unavailable: the fresh retryable result is the answer.
    if (fresh.details.errorMessage) return fresh;
    details = fresh.details;
  }
  const current = details as TcDetails;
  const ids = current.organizations.map((o) => o.indicatorId).filter((id) => Number.isInteger(id) && id > 0);
  if (ids.length === 0) return { summary: buildSummary(current.organizations), details: current };

  const client = clientFor(settings);
  const ownersPromise = ownersFor(client, ownerCacheKey(settings)).catch(() => []);
  let indicators;
  try {
    indicators = await getIndicatorsById(client, ids, settings.maxRequestUrlLength);
  } catch (err) {
    const error = toTcError(err);
    if (!error.transient) throw error;
    // TC is busy: keep what the lookup found and let the analyst retry, rather than fail the expand.
    log.warn({ kind: error.kind, status: error.status }, 'Could not refresh details from ThreatConnect');
    const kept = { ...current, errorMessage: `Could not refresh from ThreatConnect: ${error.message}` };
    return { summary: buildSummary(current.organizations), details: kept };
  }
  const owners = await ownersPromise;
  const fixLink = linkRewriterFor(settings);
  const index = ownerIndex(owners);
  const views = indicators
    .filter((i) => ownerPermitted(settings.ownerFilter, i.ownerName))
    .map((i) => toOrganizationView(i, index, fixLink));
  const refreshed = buildDetails(views, {
    searchedValue: current.searchedValue,
    indicatorType: current.indicatorType,
    editingEnabled: settings.editingEnabled,
    // From the running process, not the cached result: the proxy may have started or stopped since.
    reportProxyEnabled: isReportProxyEnabled()
  });
  return { summary: buildSummary(refreshed.organizations), details: refreshed };
}

/** Details the overlay recognises as unusable, so it can say so instead of rendering garbage. */
function staleDetails(): TcDetails {
  return {
    schemaVersion: 0,
    searchedValue: '',
    indicatorType: 'Address',
    editingEnabled: false,
    reportProxyEnabled: false,
    organizations: []
  };
}
