/**
 * The one percent-encoder for everything that goes into a ThreatConnect request target.
 *
 * TC verifies the HMAC over the request target exactly as it arrives (reference §1.4), so the
 * string we sign must be the string on the wire. Encoding every value strictly (RFC 3986:
 * only ALPHA / DIGIT / "-" / "." / "_" / "~" stay literal, upper-case hex) leaves nothing for
 * Node's url.parse, which postman-request uses, to rewrite: it escapes `'` `"` space and the
 * like, but never touches a target that contains none of them (reference §1.3).
 */

const RFC3986_EXTRA = /[!'()*]/g;

/** Percent-encodes one path segment or one query key/value. Lone surrogates cannot be encoded. */
export function encodeComponent(value: string): string {
  return encodeURIComponent(value).replace(
    RFC3986_EXTRA,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()
  );
}

export type QueryParams = ReadonlyArray<readonly [string, string | number | boolean]>;

/**
 * Builds `<basePath>/<seg>/<seg>?k=v&k=v`. Segments and query values are encoded here and
 * nowhere else; repeated keys (e.g. `fields`) are kept in order.
 */
export function buildTarget(
  basePath: string,
  segments: ReadonlyArray<string | number>,
  query: QueryParams = []
): string {
  const path = basePath.replace(/\/+$/, '') + segments.map((s) => '/' + encodeComponent(String(s))).join('');
  if (query.length === 0) return path;
  return path + '?' + query.map(([k, v]) => `${encodeComponent(k)}=${encodeComponent(String(v))}`).join('&');
}

/** Bytes a target occupies on the wire; all characters are ASCII after encoding. */
export function targetLength(target: string): number {
  return target.length;
}

/** Characters that may stay literal in a target: unreserved, sub-delims except `'`, `:@/?` and `%`. */
const TARGET_SAFE = /[A-Za-z0-9\-._~!$&()*+,;=:@/?%]/;

/**
 * Keeps the path and query of an absolute link (TC's `next`) and drops its origin, so the request
 * goes to the configured origin and port (TC may omit a custom port) and credentials never go to
 * a host the admin did not configure. Characters url.parse would rewrite are encoded here, so the
 * target stays the one we sign.
 */
export function targetFromLink(link: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^#]*)/i.exec(link);
  const rest = match ? match[1] : link.split('#')[0];
  let out = '';
  for (const ch of rest.startsWith('/') ? rest : '/' + rest) {
    out += TARGET_SAFE.test(ch) ? ch : encodeComponent(ch);
  }
  return out;
}
