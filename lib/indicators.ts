import type { TcClient } from './tc/client';
import { TcError } from './tc/errors';
import type { TcV3Indicator, TcV3ItemEnvelope, TcV3IndicatorUpdate } from './types/tc';
import type { Settings } from './settings';
import type { OwnerFilter } from './tql';
import { INCLUDE_INACTIVE, idQuery } from './tql';
import { searchAllPages } from './search';

/** Everything the Info tab shows; requested on details, and on every write so the reply is fresh. */
export const INFO_FIELDS = [
  'threatAssess',
  'tags',
  'securityLabels',
  'observations',
  'falsePositives',
  'attributes'
] as const;

/**
 * Re-reads indicators by id, inactive ones included: one search, or as few as keep each request
 * under the URL length limit (an id costs at most 19 encoded bytes: 16 digits and `%2C`).
 */
export async function getIndicatorsById(
  client: TcClient,
  ids: readonly number[],
  maxTargetLength: number
): Promise<TcV3Indicator[]> {
  const perSearch = Math.max(1, Math.floor((maxTargetLength - ID_SEARCH_OVERHEAD) / 19));
  const searches: Array<Promise<TcV3Indicator[]>> = [];
  for (let i = 0; i < ids.length; i += perSearch) {
    const tql = `${idQuery(ids.slice(i, i + perSearch))} and ${INCLUDE_INACTIVE}`;
    searches.push(searchAllPages(client, tql, INFO_FIELDS));
  }
  return (await Promise.all(searches)).flat();
}

/** Encoded bytes of an id search without its ids: path, TQL around the list, fields and paging. */
const ID_SEARCH_OVERHEAD = 600;

export async function getIndicator(
  client: TcClient,
  id: number,
  fields: readonly string[]
): Promise<TcV3Indicator> {
  try {
    const body = await client.json<TcV3ItemEnvelope<TcV3Indicator>>({
      method: 'GET',
      segments: ['v3', 'indicators', id],
      query: fields.map((f) => ['fields', f] as const)
    });
    return body.data;
  } catch (err) {
    if (err instanceof TcError && err.kind === 'not-found') {
      throw new TcError(`Indicator ${id} was not found in ThreatConnect`, {
        kind: 'invalid-input',
        status: 404
      });
    }
    throw err;
  }
}

export async function updateIndicator(
  client: TcClient,
  id: number,
  update: TcV3IndicatorUpdate
): Promise<TcV3Indicator> {
  const body = await client.json<TcV3ItemEnvelope<TcV3Indicator>>({
    method: 'PUT',
    segments: ['v3', 'indicators', id],
    query: INFO_FIELDS.map((f) => ['fields', f] as const),
    body: update
  });
  return body.data;
}

/** Whether the admin's allowlist/blocklist lets the integration see and change this owner. */
export function ownerPermitted(filter: OwnerFilter, ownerName: string): boolean {
  if (filter.mode === 'all') return true;
  const listed = filter.names.some((n) => n.toLowerCase() === ownerName.trim().toLowerCase());
  return filter.mode === 'allow' ? listed : !listed;
}

/**
 * Reads an indicator before acting on it and refuses owners the allow/blocklist excludes, so a
 * crafted message cannot read or write outside what the admin permitted.
 */
export async function getPermittedIndicator(
  client: TcClient,
  settings: Settings,
  id: number,
  fields: readonly string[]
): Promise<TcV3Indicator> {
  const indicator = await getIndicator(client, id, fields);
  if (!ownerPermitted(settings.ownerFilter, indicator.ownerName)) {
    throw new TcError(
      `The integration is not permitted to act on indicators owned by "${indicator.ownerName}"`,
      {
        kind: 'invalid-input',
        status: 403
      }
    );
  }
  return indicator;
}
