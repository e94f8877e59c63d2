import { encodeComponent, buildTarget, type QueryParams } from './tc/encode';
import { tqlString } from './tql';
import type { IndicatorRef, HashField } from './entities';
import type { TcIndicatorType } from './types/details';

/** Fields the lookup asks for: enough for the summary and the collapsed overlay. */
export const LOOKUP_FIELDS = ['tags', 'threatAssess'] as const;

/** Hits per page; TC allows up to 10 000 (reference §3.1). */
export const PAGE_SIZE = 1000;

const TYPE_ORDER: TcIndicatorType[] = ['Address', 'Host', 'EmailAddress', 'URL', 'File'];
const HASH_FIELDS: HashField[] = ['value1', 'value2', 'value3'];

interface Batch {
  /** Per TC type, the values searched on `summary`, or per hash column for files. */
  lists: Map<string, string[]>;
  refs: IndicatorRef[];
}

export interface PlannedSearch {
  tql: string;
  refs: IndicatorRef[];
}

function listKey(ref: IndicatorRef): string {
  return ref.tcType === 'File' ? `File|${ref.hashField ?? 'value1'}` : ref.tcType;
}

function typeTerm(type: TcIndicatorType, lists: Map<string, string[]>): string | undefined {
  const list = (values: string[]): string => '(' + values.map(tqlString).join(', ') + ')';
  if (type !== 'File') {
    const values = lists.get(type);
    return values ? `(typeName=${tqlString(type)} and summary in ${list(values)})` : undefined;
  }
  const parts = HASH_FIELDS.flatMap((field) => {
    const values = lists.get(`File|${field}`);
    return values ? [`${field} in ${list(values)}`] : [];
  });
  return parts.length ? `(typeName=${tqlString('File')} and (${parts.join(' or ')}))` : undefined;
}

/** The TQL of one batch: one term per TC type present, then the shared suffix. */
export function batchTql(lists: Map<string, string[]>, suffix: string): string {
  const terms = TYPE_ORDER.flatMap((t) => {
    const term = typeTerm(t, lists);
    return term ? [term] : [];
  });
  return `(${terms.join(' or ')})${suffix}`;
}

export function searchQuery(tql: string, fields: readonly string[] = LOOKUP_FIELDS): QueryParams {
  return [
    ['tql', tql],
    ...fields.map((f) => ['fields', f] as const),
    ['resultStart', 0],
    ['resultLimit', PAGE_SIZE]
  ];
}

const len = (s: string): number => encodeComponent(s).length;

/**
 * Packs refs into as few searches as fit under `maxTargetLength` bytes. Percent-encoding is
 * per character, so the encoded length of the TQL is the sum of the encoded lengths of its
 * pieces, which lets each ref be costed without re-encoding the whole query. A ref that does
 * not fit even alone is still searched alone, never dropped.
 */
export function planSearches(
  refs: readonly IndicatorRef[],
  suffix: string,
  basePath: string,
  maxTargetLength: number
): string[] {
  return planSearchBatches(refs, suffix, basePath, maxTargetLength).map((b) => b.tql);
}

/** As `planSearches`, keeping which refs each search answers. */
export function planSearchBatches(
  refs: readonly IndicatorRef[],
  suffix: string,
  basePath: string,
  maxTargetLength: number
): PlannedSearch[] {
  const emptyTarget = buildTarget(basePath, ['v3', 'indicators'], searchQuery(`()${suffix}`)).length;
  const costs = {
    or: len(' or '),
    sep: len(', '),
    typeTerm: (type: TcIndicatorType) => len(`(typeName=${tqlString(type)} and summary in ())`),
    fileTerm: len(`(typeName=${tqlString('File')} and ())`),
    hashList: (field: HashField) => len(`${field} in ()`)
  };

  const sorted = [...refs].sort((a, b) => TYPE_ORDER.indexOf(a.tcType) - TYPE_ORDER.indexOf(b.tcType));
  const batches: Batch[] = [];
  let current: Batch = { lists: new Map(), refs: [] };
  let length = emptyTarget;

  const costOf = (batch: Batch, ref: IndicatorRef): number => {
    const key = listKey(ref);
    let cost = len(tqlString(ref.value));
    const existing = batch.lists.get(key);
    if (existing) return cost + costs.sep;
    if (ref.tcType === 'File') {
      const fileLists = HASH_FIELDS.filter((f) => batch.lists.has(`File|${f}`)).length;
      cost += costs.hashList(ref.hashField ?? 'value1') + (fileLists > 0 ? costs.or : 0);
      if (fileLists > 0) return cost;
      cost += costs.fileTerm;
    } else {
      cost += costs.typeTerm(ref.tcType);
    }
    const types = new Set([...batch.lists.keys()].map((k) => k.split('|')[0])).size;
    return cost + (types > 0 ? costs.or : 0);
  };

  for (const ref of sorted) {
    const cost = costOf(current, ref);
    if (current.lists.size > 0 && length + cost > maxTargetLength) {
      batches.push(current);
      current = { lists: new Map(), refs: [] };
      length = emptyTarget;
    }
    length += costOf(current, ref);
    const key = listKey(ref);
    const list = current.lists.get(key);
    if (list) list.push(ref.value);
    else current.lists.set(key, [ref.value]);
    current.refs.push(ref);
  }
  if (current.lists.size > 0) batches.push(current);
  return batches.map((b) => ({ tql: batchTql(b.lists, suffix), refs: b.refs }));
}
