import type { PolarityEntity, PolarityResult } from './types/polarity';
import type { OrganizationView, TcDetails } from './types/details';
import type { TcV3Indicator, TcV3Owner } from './types/tc';
import type { Settings } from './settings';
import { normaliseEntity, refKey, type IndicatorRef } from './entities';
import { planSearches } from './search-plan';
import { searchSuffix } from './tql';
import { searchAllPages } from './search';
import { ownersFor, ownerIndex, resolveOwnerFilter } from './owners';
import { clientFor, linkRewriterFor } from './context';
import { hitResult, missResult, toOrganizationView } from './results';
import { log } from './logger';

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

interface Planned {
  entity: PolarityEntity;
  ref?: IndicatorRef;
}

/**
 * Looks up a batch of entities: normalise, search in as few TQL requests as fit, and shape one
 * result per entity (a miss is `data: null`).
 */
export async function lookupEntities(
  entities: readonly PolarityEntity[],
  settings: Settings,
  reportProxyEnabled = false
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

  const client = clientFor(settings);
  const ownersPromise = ownersFor(client, ownerCacheKey(settings));
  let owners: TcV3Owner[] = [];
  let filter = settings.ownerFilter;
  if (filter.mode !== 'all') {
    owners = await ownersPromise;
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

  const tqls = planSearches(
    [...unique.values()],
    searchSuffix(settings.searchInactive, filter),
    client.basePath,
    settings.maxRequestUrlLength
  );
  const pages = await Promise.all(tqls.map((tql) => searchAllPages(client, tql)));
  if (settings.ownerFilter.mode === 'all') owners = await ownersPromise.catch(() => []);

  const fixLink = linkRewriterFor(settings);
  const index = ownerIndex(owners);
  const byKey = new Map<string, Map<number, OrganizationView>>();
  for (const indicator of pages.flat()) {
    const view = toOrganizationView(indicator, index, fixLink);
    for (const key of indicatorKeys(indicator)) {
      let views = byKey.get(key);
      if (!views) byKey.set(key, (views = new Map()));
      views.set(indicator.id, view);
    }
  }

  log.debug({ entities: entities.length, searches: tqls.length, hits: byKey.size }, 'Lookup complete');
  return planned.map(({ entity, ref }) => {
    const views = ref ? byKey.get(refKey(ref)) : undefined;
    if (!ref || !views || views.size === 0) return missResult(entity);
    return hitResult(entity, [...views.values()], {
      searchedValue: ref.value,
      indicatorType: ref.tcType,
      editingEnabled: settings.editingEnabled,
      reportProxyEnabled
    });
  });
}
