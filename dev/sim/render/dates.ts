/** TC's date format, `YYYY-MM-DDTHH:MM:SSZ` (reference §2.2: emit this one form). */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The UTC day `YYYY-MM-DD`: the unit of the one-false-positive-per-day rule. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
