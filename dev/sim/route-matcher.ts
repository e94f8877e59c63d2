import type { RouteMatcher } from './types';

function decodedQuery(rawQuery: string): string {
  try {
    return decodeURIComponent(rawQuery.replace(/\+/g, ' '));
  } catch {
    return rawQuery;
  }
}

/**
 * Whether a request fits a fault or latency rule; `path` is tested against the raw path without
 * its query, `query` against the decoded query, so a test can fail one search of several.
 */
export function matchesRoute(matcher: RouteMatcher, method: string, rawPath: string, rawQuery = ''): boolean {
  if (matcher.method !== undefined && matcher.method.toUpperCase() !== method.toUpperCase()) return false;
  if (matcher.query !== undefined) {
    matcher.query.lastIndex = 0;
    if (!matcher.query.test(decodedQuery(rawQuery))) return false;
  }
  if (matcher.path === undefined) return true;
  if (typeof matcher.path === 'string') return matcher.path === rawPath;
  // A global or sticky RegExp keeps lastIndex between calls; reset it so every request is tested afresh.
  matcher.path.lastIndex = 0;
  return matcher.path.test(rawPath);
}
