import { createHash } from 'crypto';
import type { PolarityEntity, PolarityResult } from './types/polarity';
import type { OrganizationView, TcDetails, TcIndicatorType } from './types/details';
import { DETAILS_SCHEMA_VERSION } from './types/details';
import type { TcV3Indicator, TcV3Owner } from './types/tc';
import type { Settings } from './settings';
import type { TcClient } from './tc/client';
import { TcError, toTcError } from './tc/errors';
import { normaliseEntity, refKey, type IndicatorRef } from './entities';
import { planSearchBatches } from './search-plan';
import { searchSuffix, type OwnerFilter } from './tql';
import { searchAllPages } from './search';
import { ownersFor, ownerIndex, resolveOwnerFilter } from './owners';
import { clientFor, linkRewriterFor } from './context';
import { hitResult, missResult, toOrganizationView } from './results';
import { cachedAnswer, inFlightSearch, shareSearch } from './coalesce';
import { runtime } from './runtime';
import { isReportProxyEnabled } from './report-proxy/state';
import { log } from './logger';

export const UNAVAILABLE_TAG = 'ThreatConnect unavailable';

/** How long a finished lookup waits for the owner list it only needs for labels. */
const OWNER_GRACE_MS = 250;

export function ownerCacheKey(settings: Settings): string {
  return `${settings.url}\u0000${settings.accessId}`;
}

/** Keys under which a TC indicator answers searches: its summary, or each of a file's hashes. */
export function indicatorKeys(indicator: TcV3Indicator): string[] {
  if (indicator.type === 'File') {
    return [indicator.md5, indicator.sha1, indicator.sha256]
      .filter((h): h is string => typeof h === 'string' && h !== '')
      .map((h) => `File|${h.toUpperCase()}`);
  }
  return [`${indicator.type}|${indicator.summary}`];
}

/**
 * What makes two searches for the same value interchangeable: the instance, the credentials
 * (hashed: the key itself stays out of long-lived structures) and the filters.
 */
function searchScope(settings: Settings, filter: OwnerFilter): string {
  const key = createHash('sha256').update(settings.apiKey).digest('base64');
  // The timeout too: a lookup must not inherit the error of a request made with a longer one.
  return [
    settings.url,
    settings.accessId,
    key,
    settings.searchInactive,
    settings.requestTimeoutMs,
    JSON.stringify(filter)
  ].join('\u0000');
}

/** The whole lookup's upper bound: every request has its timeout, and retries their budget. */
export function lookupDeadlineMs(settings: Settings): number {
  return settings.requestTimeoutMs * 2 + 15000;
}

function withDeadline<T>(promise: Promise<T>, deadlineAt: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const cancel = runtime.timer(Math.max(0, deadlineAt - runtime.now()), () =>
      reject(
        new TcError('The lookup took too long and was stopped', { kind: 'timeout', code: 'ELOOKUPTIMEOUT' })
      )
    );
    promise.then(
      (value) => {
        cancel();
        resolve(value);
      },
      (err) => {
        cancel();
        reject(err);
      }
    );
  });
}

/**
 * One promise per ref: a cached answer, a search already in flight for the same scope, or a
 * new batched search shared with later lookups while it runs.
 */
function searchRefs(
  client: TcClient,
  settings: Settings,
  filter: OwnerFilter,
  refs: IndicatorRef[]
): Map<string, Promise<TcV3Indicator[]>> {
  const scope = searchScope(settings, filter);
  const answers = new Map<string, Promise<TcV3Indicator[]>>();
  const toSearch: IndicatorRef[] = [];
  for (const ref of refs) {
    const key = `${scope}\u0000${refKey(ref)}`;
    const cached = settings.resultCacheSeconds > 0 ? cachedAnswer(key) : undefined;
    const pending = cached ? Promise.resolve(cached) : inFlightSearch(key);
    if (pending) answers.set(refKey(ref), pending);
    else toSearch.push(ref);
  }
  const batches = planSearchBatches(
    toSearch,
    searchSuffix(settings.searchInactive, filter),
    client.basePath,
    settings.maxRequestUrlLength
  );
  for (const batch of batches) {
    const byKey = searchAllPages(client, batch.tql).then((indicators) => {
      const index = new Map<string, TcV3Indicator[]>();
      for (const indicator of indicators) {
        for (const k of indicatorKeys(indicator)) {
          const list = index.get(k);
          if (list) list.push(indicator);
          else index.set(k, [indicator]);
        }
      }
      return index;
    });
    for (const ref of batch.refs) {
      const answer = byKey.then((index) => index.get(refKey(ref)) ?? []);
      shareSearch(`${scope}\u0000${refKey(ref)}`, answer, settings.resultCacheSeconds);
      answers.set(refKey(ref), answer);
    }
  }
  return answers;
}

/** A failure that may pass: shown as "ThreatConnect unavailable" with Retry, and not cached by Polarity. */
export function retryableResult(
  entity: PolarityEntity,
  ref: IndicatorRef,
  error: TcError,
  settings: Settings,
  reportProxyEnabled: boolean
): PolarityResult<TcDetails> {
  return {
    entity,
    isVolatile: true,
    data: {
      summary: [UNAVAILABLE_TAG],
      details: {
        schemaVersion: DETAILS_SCHEMA_VERSION,
        searchedValue: ref.value,
        indicatorType: ref.tcType as TcIndicatorType,
        editingEnabled: settings.editingEnabled,
        reportProxyEnabled,
        organizations: [],
        errorMessage: error.describe()
      }
    }
  };
}

interface Planned {
  entity: PolarityEntity;
  ref?: IndicatorRef;
}

/**
 * Looks up a batch of entities: normalise, search in as few TQL requests as fit (sharing
 * searches already in flight), and shape one result per entity. A miss is `data: null`; a
 * transient failure becomes a retryable result for the entities it touched; a failure that
 * needs an admin (credentials, URL, TLS, unreachable host) is thrown for Polarity to show.
 */
export async function lookupEntities(
  entities: readonly PolarityEntity[],
  settings: Settings,
  reportProxyEnabled = isReportProxyEnabled()
): Promise<PolarityResult<TcDetails>[]> {
  const planned: Planned[] = entities.map((entity) => {
    const outcome = normaliseEntity(entity);
    if (outcome.ok) return { entity, ref: outcome.ref };
    log.warn(
      { entity: entity?.value, type: entity?.type, reason: outcome.reason },
      'Skipping entity ThreatConnect cannot search'
    );
    return { entity };
  });
  const unique = new Map<string, IndicatorRef>();
  for (const p of planned) if (p.ref) unique.set(refKey(p.ref), p.ref);
  if (unique.size === 0) return planned.map((p) => missResult(p.entity));

  const deadlineAt = runtime.now() + lookupDeadlineMs(settings);
  const client = clientFor(settings);
  const ownersPromise = ownersFor(client, ownerCacheKey(settings));
  const allRetryable = (error: TcError) =>
    planned.map((p) =>
      p.ref ? retryableResult(p.entity, p.ref, error, settings, reportProxyEnabled) : missResult(p.entity)
    );

  let owners: TcV3Owner[] = [];
  let filter = settings.ownerFilter;
  if (filter.mode !== 'all') {
    try {
      owners = await withDeadline(ownersPromise, deadlineAt);
    } catch (err) {
      const error = toTcError(err);
      if (error.transient) return allRetryable(error);
      throw error;
    }
    const resolved = resolveOwnerFilter(filter, owners);
    if (resolved.unknown.length > 0) {
      log.warn(
        { names: resolved.unknown },
        `Owner names in the ${filter.mode}list match no owner the API user can see`
      );
    }
    filter = resolved.filter;
    if (filter.mode === 'allow' && filter.names.length === 0) return planned.map((p) => missResult(p.entity));
  } else {
    // Owner types only decorate the overlay; a failure here must not fail the lookup.
    ownersPromise.catch((err) =>
      log.warn({ err }, 'Could not read ThreatConnect owners; owner types are not shown')
    );
  }

  const answers = searchRefs(client, settings, filter, [...unique.values()]);
  const keys = [...answers.keys()];
  const settled = await Promise.allSettled(
    keys.map((k) => withDeadline(answers.get(k) as Promise<TcV3Indicator[]>, deadlineAt))
  );
  const outcomes = new Map<string, PromiseSettledResult<TcV3Indicator[]>>(
    keys.map((k, i) => [k, settled[i]])
  );
  for (const outcome of settled) {
    if (outcome.status === 'rejected' && !toTcError(outcome.reason).transient)
      throw toTcError(outcome.reason);
  }
  if (settings.ownerFilter.mode === 'all') {
    // Owner types only label the blocks: wait a moment for them, never for a slow owners route.
    owners = await withDeadline(ownersPromise, Math.min(deadlineAt, runtime.now() + OWNER_GRACE_MS)).catch(
      () => []
    );
  }

  const fixLink = linkRewriterFor(settings);
  const index = ownerIndex(owners);
  const views = new Map<number, OrganizationView>();
  const viewOf = (indicator: TcV3Indicator): OrganizationView => {
    let view = views.get(indicator.id);
    if (!view) views.set(indicator.id, (view = toOrganizationView(indicator, index, fixLink)));
    return view;
  };

  let retryable = 0;
  const results = planned.map(({ entity, ref }) => {
    const outcome = ref ? outcomes.get(refKey(ref)) : undefined;
    if (!ref || !outcome) return missResult(entity);
    if (outcome.status === 'rejected') {
      retryable += 1;
      return retryableResult(entity, ref, toTcError(outcome.reason), settings, reportProxyEnabled);
    }
    const unique = new Map(outcome.value.map((i) => [i.id, i]));
    if (unique.size === 0) return missResult(entity);
    return hitResult(entity, [...unique.values()].map(viewOf), {
      searchedValue: ref.value,
      indicatorType: ref.tcType,
      editingEnabled: settings.editingEnabled,
      reportProxyEnabled
    });
  });
  if (retryable > 0)
    log.warn({ entities: retryable }, 'ThreatConnect unavailable; returned retryable results');
  return results;
}
