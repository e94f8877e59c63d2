import type { ParsedTarget } from './http/request-target';
import type { Reply } from './http/reply';
import type { SimState } from './state';
import type { SimUser } from './types';

export interface RouteContext {
  method: string;
  target: ParsedTarget;
  /** Decoded path parameters, named as in the pattern (`:id`). */
  params: Record<string, string>;
  body: Buffer;
  user: SimUser;
  state: SimState;
}

export type Resolver = (ctx: RouteContext) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  pattern: string;
  resolve: Resolver;
}

/** msw-style route declaration: `route('GET', '/api/v3/indicators/:id', resolver)`. */
export function route(method: string, pattern: string, resolve: Resolver): Route {
  return { method, pattern, resolve };
}

/**
 * The first route whose method and pattern fit. Segments are compared after decoding, one by one, so an encoded
 * `%2F` inside a value never splits it.
 */
export function findRoute(
  routes: readonly Route[],
  method: string,
  segments: readonly string[]
): { route: Route; params: Record<string, string> } | undefined {
  for (const candidate of routes) {
    if (candidate.method !== method) continue;
    const parts = candidate.pattern.split('/');
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const fits = parts.every((part, i) => {
      if (part.startsWith(':')) {
        params[part.slice(1)] = segments[i];
        return segments[i] !== '';
      }
      return part === segments[i];
    });
    if (fits) return { route: candidate, params };
  }
  return undefined;
}
