/**
 * Behaviours the reference marks UNCONFIRMED (threatconnect-api.md §6). Each default is our best guess; a test
 * that depends on the other reading flips the switch through `SimulatorOptions.behaviour`.
 */
export interface Behaviour {
  /** Largest accepted |now − Timestamp| in seconds, inclusive (§1.4: "within five minutes"). */
  timestampToleranceSec: number;
  /** Remember signatures inside the window and refuse a second use (§1.4: no replay protection is known). */
  rejectReplayedSignatures: boolean;
  /** Whether `+` in a path segment means a space (§1.3.3). A servlet container keeps it literal. */
  pathPlusIsSpace: boolean;
  /** TQL hash comparisons and v2 file paths ignore case (§2.0, §6.10). */
  hashCaseInsensitive: boolean;
  /** `fields=whois` works like `fields=whoIs` (§3.1, §6.7). */
  fieldNamesCaseInsensitive: boolean;
  /** An unknown `fields=` name is a 400 rather than ignored. */
  unknownFieldIsError: boolean;
  /** A requested collection with no items (tags, attributes...) is omitted, or given as `{ data: [] }`. */
  emptyCollections: 'omit' | 'empty';
  /** `next`/`prev` repeat tql, fields and every other original parameter (§3.1, §6.11). */
  nextKeepsParams: boolean;
  /**
   * How kept parameters are written in `next`/`prev`: exactly as the client sent them, or decoded and encoded
   * again with encodeURIComponent (leaves `!'()*` raw), which tests that a client signs the link it was given.
   */
  nextLinkEncoding: 'preserve' | 'reencode';
  /** A second false-positive report by one user on one day: Success with the count unchanged, or a 400 (§2.4). */
  duplicateFalsePositive: 'unchanged' | 'error';
  /** Content-Type of `GET /v3/groups/{id}/pdf` (§3.6). */
  pdfContentType: string;
}

export const DEFAULT_BEHAVIOUR: Readonly<Behaviour> = Object.freeze({
  timestampToleranceSec: 300,
  rejectReplayedSignatures: false,
  pathPlusIsSpace: false,
  hashCaseInsensitive: true,
  fieldNamesCaseInsensitive: true,
  unknownFieldIsError: true,
  emptyCollections: 'omit',
  nextKeepsParams: true,
  nextLinkEncoding: 'preserve',
  duplicateFalsePositive: 'unchanged',
  pdfContentType: 'application/pdf'
});
