import type { TcClient } from './tc/client';
import { TcError } from './tc/errors';
import type { TcV3Indicator, TcV3ListEnvelope } from './types/tc';
import { searchQuery, LOOKUP_FIELDS } from './search-plan';

/** Items a proxy or an odd server version mangled are dropped rather than crash the lookup. */
function isIndicator(value: unknown): value is TcV3Indicator {
  const v = value as Partial<TcV3Indicator> | null;
  return (
    !!v &&
    typeof v === 'object' &&
    typeof v.id === 'number' &&
    typeof v.ownerName === 'string' &&
    typeof v.type === 'string' &&
    typeof v.summary === 'string'
  );
}

/** A runaway `next` chain is a server bug; stop rather than loop for ever. */
const MAX_PAGES = 200;

/** Runs one TQL search and follows `next` links until every page is read. */
export async function searchAllPages(
  client: TcClient,
  tql: string,
  fields: readonly string[] = LOOKUP_FIELDS
): Promise<TcV3Indicator[]> {
  const out: TcV3Indicator[] = [];
  let body = await client.json<TcV3ListEnvelope<TcV3Indicator>>({
    method: 'GET',
    segments: ['v3', 'indicators'],
    query: searchQuery(tql, fields)
  });
  const seen = new Set<string>();
  for (let page = 1; ; page++) {
    if (Array.isArray(body.data)) out.push(...body.data.filter(isIndicator));
    if (
      typeof body.next !== 'string' ||
      body.next === '' ||
      !Array.isArray(body.data) ||
      body.data.length === 0
    )
      break;
    const target = client.targetForLink(body.next);
    if (seen.has(target) || page >= MAX_PAGES) {
      throw new TcError(`ThreatConnect returned a paging link that does not advance (${page} pages read)`, {
        kind: 'unexpected-response'
      });
    }
    seen.add(target);
    body = await client.json<TcV3ListEnvelope<TcV3Indicator>>({ method: 'GET', target });
  }
  return out;
}
