import { DecodeError, percentDecode } from './percent-decode';

/** One `key=value` pair as it appeared on the wire, kept so links can repeat it byte for byte. */
export interface RawParam {
  rawKey: string;
  rawValue: string;
  key: string;
  value: string;
}

export interface ParsedTarget {
  /** Path as received, still encoded. */
  rawPath: string;
  /** Raw path split on `/` (an encoded `%2F` stays inside its segment) and each segment decoded. */
  segments: string[];
  path: string;
  params: RawParam[];
  query: Record<string, string[]>;
}

/**
 * Splits a request target into path and query. The query decodes `+` as a space, as form encoding does and as
 * TC accepts (reference §1.3.3); the path keeps `+` unless `pathPlusIsSpace`.
 *
 * @throws DecodeError when any part is not valid percent-encoded UTF-8.
 */
export function parseTarget(target: string, pathPlusIsSpace: boolean): ParsedTarget {
  const queryAt = target.indexOf('?');
  const rawPath = queryAt === -1 ? target : target.slice(0, queryAt);
  const rawQuery = queryAt === -1 ? '' : target.slice(queryAt + 1);
  const segments = rawPath.split('/').map((segment) => percentDecode(segment, pathPlusIsSpace));
  const params: RawParam[] = [];
  const query: Record<string, string[]> = {};
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    const key = percentDecode(rawKey, true);
    const value = percentDecode(rawValue, true);
    params.push({ rawKey, rawValue, key, value });
    (query[key] ??= []).push(value);
  }
  return { rawPath, segments, path: segments.join('/'), params, query };
}

/** Like parseTarget, but never throws: for the request log, which must record even undecodable requests. */
export function describeTarget(
  target: string,
  pathPlusIsSpace: boolean
): { path: string; query: Record<string, string[]> } {
  try {
    const parsed = parseTarget(target, pathPlusIsSpace);
    return { path: parsed.path, query: parsed.query };
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    const queryAt = target.indexOf('?');
    return { path: queryAt === -1 ? target : target.slice(0, queryAt), query: {} };
  }
}
