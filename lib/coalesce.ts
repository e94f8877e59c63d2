import NodeCache from 'node-cache';
import type { TcV3Indicator } from './types/tc';

/**
 * Shares TC searches between lookups. Polarity asks about whatever is on many analysts'
 * screens, so the same values arrive from several users at once: a value already being searched
 * with the same credentials and filters waits for that search instead of sending another.
 * Optionally, answers are kept for a short TTL (off by default).
 */
const inFlight = new Map<string, Promise<TcV3Indicator[]>>();
const answers = new NodeCache({ stdTTL: 0, checkperiod: 60, useClones: false, maxKeys: 50000 });

export function inFlightSearch(key: string): Promise<TcV3Indicator[]> | undefined {
  return inFlight.get(key);
}

export function cachedAnswer(key: string): TcV3Indicator[] | undefined {
  return answers.get<TcV3Indicator[]>(key);
}

/** Registers a pending search for `key`; it is forgotten when it settles, and cached if asked. */
export function shareSearch(key: string, search: Promise<TcV3Indicator[]>, ttlSeconds: number): void {
  inFlight.set(key, search);
  const forget = (): void => {
    if (inFlight.get(key) === search) inFlight.delete(key);
  };
  // Both branches handled here, so a failure shared by several lookups is never unhandled.
  search.then((indicators) => {
    forget();
    if (ttlSeconds > 0) {
      try {
        answers.set(key, indicators, ttlSeconds);
      } catch {
        // The cache is full: answers are an optimisation, lookups still work without them.
      }
    }
  }, forget);
}

/** Forgets cached answers that mention an indicator, so a write is never hidden by the cache. */
export function invalidateIndicator(id: number): void {
  for (const key of answers.keys()) {
    const value = answers.get<TcV3Indicator[]>(key);
    if (value?.some((i) => i.id === id)) answers.del(key);
  }
}

export function clearSearchCache(): void {
  answers.flushAll();
  inFlight.clear();
}

export function inFlightCount(): number {
  return inFlight.size;
}
