/**
 * A TC object id (indicator or group) as overlay payloads may carry it: a positive safe integer,
 * or its plain decimal string. `Number()` alone would also accept "0x1f", "1e3" and " 12 ",
 * which would put a different id in the TC path than the one the user asked for.
 */
export function parseTcId(value: unknown): number | undefined {
  const n = typeof value === 'string' ? (/^[0-9]{1,16}$/.test(value) ? Number(value) : NaN) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n <= 0) return undefined;
  return n;
}
