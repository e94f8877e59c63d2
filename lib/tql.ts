/**
 * The one TQL builder. Every string literal goes through `tqlString`, which escapes the four
 * characters TC treats specially inside strings (reference §3.2): backslash, both quotes and
 * the backtick. A single pass escapes each character once, so `\` is never double-escaped.
 */
export function tqlString(value: string): string {
  return '"' + value.replace(/[\\"'`]/g, (c) => '\\' + c) + '"';
}

export function tqlList(values: readonly string[]): string {
  return '(' + values.map(tqlString).join(', ') + ')';
}

export function tqlNumberList(values: readonly number[]): string {
  return '(' + values.map((v) => String(Math.trunc(v))).join(',') + ')';
}

export type OwnerFilter = { mode: 'all' } | { mode: 'allow' | 'block'; names: string[] };

/** TC returns only active indicators unless the query mentions indicatorActive (reference §3.1). */
export const INCLUDE_INACTIVE = '(indicatorActive=true or indicatorActive=false)';

/** The clauses appended to every search: inactive handling and the owner filter. */
export function searchSuffix(includeInactive: boolean, owners: OwnerFilter): string {
  let suffix = includeInactive ? ` and ${INCLUDE_INACTIVE}` : '';
  if (owners.mode === 'allow') suffix += ` and ownerName in ${tqlList(owners.names)}`;
  if (owners.mode === 'block' && owners.names.length > 0)
    suffix += ` and ownerName not in ${tqlList(owners.names)}`;
  return suffix;
}

export function idQuery(ids: readonly number[]): string {
  return `id in ${tqlNumberList(ids)}`;
}
