import NodeCache from 'node-cache';
import type { TcClient } from './tc/client';
import type { TcV3ListEnvelope, TcV3Owner } from './types/tc';
import type { OwnerFilter } from './tql';

/** Owners change rarely; a short cache saves a request per lookup without hiding new owners for long. */
const OWNER_TTL_SECONDS = 300;
const cache = new NodeCache({ stdTTL: OWNER_TTL_SECONDS, useClones: false });
/** A failed read is remembered briefly, so a broken owners route does not cost every lookup a request. */
const FAILURE_TTL_SECONDS = 30;
const failures = new NodeCache({ stdTTL: FAILURE_TTL_SECONDS, useClones: false });
const inFlight = new Map<string, Promise<TcV3Owner[]>>();

export async function fetchOwners(client: TcClient): Promise<TcV3Owner[]> {
  const body = await client.json<TcV3ListEnvelope<TcV3Owner>>({
    method: 'GET',
    segments: ['v3', 'security', 'owners'],
    query: [['resultLimit', 10000]]
  });
  // Whatever a proxy in between may have mangled, only well-formed owners are used.
  return (Array.isArray(body.data) ? body.data : []).filter(
    (o): o is TcV3Owner => !!o && typeof o === 'object' && typeof o.name === 'string'
  );
}

/** The owners the API user can see, shared by concurrent callers and cached per API user. */
export function ownersFor(client: TcClient, cacheKey: string): Promise<TcV3Owner[]> {
  const cached = cache.get<TcV3Owner[]>(cacheKey);
  if (cached) return Promise.resolve(cached);
  const failed = failures.get<unknown>(cacheKey);
  if (failed !== undefined) return Promise.reject(failed);
  const pending = inFlight.get(cacheKey);
  if (pending) return pending;
  const promise = fetchOwners(client)
    .then(
      (owners) => {
        cache.set(cacheKey, owners);
        return owners;
      },
      (err: unknown) => {
        failures.set(cacheKey, err);
        throw err;
      }
    )
    .finally(() => inFlight.delete(cacheKey));
  inFlight.set(cacheKey, promise);
  return promise;
}

/** A fresh list read elsewhere (validateOptions) saves the next lookup a request. */
export function rememberOwners(cacheKey: string, owners: TcV3Owner[]): void {
  cache.set(cacheKey, owners);
}

export function clearOwnerCache(): void {
  cache.flushAll();
  failures.flushAll();
}

export interface ResolvedOwnerFilter {
  filter: OwnerFilter;
  /** Names the admin listed that match no owner the API user can see. */
  unknown: string[];
}

/**
 * Maps the admin's names to TC's exact owner names, case-insensitively, so the TQL compares
 * against the names TC stores whatever case the admin typed.
 */
export function resolveOwnerFilter(filter: OwnerFilter, owners: readonly TcV3Owner[]): ResolvedOwnerFilter {
  if (filter.mode === 'all') return { filter, unknown: [] };
  const byLower = new Map(owners.map((o) => [o.name.trim().toLowerCase(), o.name]));
  const names: string[] = [];
  const unknown: string[] = [];
  for (const name of filter.names) {
    const exact = byLower.get(name.toLowerCase());
    if (exact === undefined) unknown.push(name);
    else names.push(exact);
  }
  return { filter: { mode: filter.mode, names }, unknown };
}

export function ownerIndex(owners: readonly TcV3Owner[]): Map<string, { id: number; type: string }> {
  return new Map(owners.map((o) => [o.name, { id: o.id, type: o.type }]));
}
