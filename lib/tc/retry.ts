import type { TcError } from './errors';
import type { HttpMethod } from './client';

/**
 * When and how long to wait before trying a failed request again (after Stripe's
 * `_shouldRetry` and got's `calculate-retry-delay`). Pure: the caller supplies the attempt
 * count, the time already spent and a random number.
 */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Total time the attempts of one request may take, waits included. */
  budgetMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 250,
  maxDelayMs: 4000,
  budgetMs: 15000
};

/**
 * GET and PUT are idempotent (a PUT of a rating or a tag set twice leaves the same state).
 * POST is not: the false-positive report is never repeated automatically.
 */
const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set(['GET', 'PUT']);

/**
 * Milliseconds to wait before the next attempt, or `undefined` to give up. Honours Retry-After
 * when it fits in the budget; otherwise exponential backoff with full jitter, never below half
 * the base delay so retries do not stampede.
 */
export function retryDelay(
  method: HttpMethod,
  error: TcError,
  attempt: number,
  elapsedMs: number,
  policy: RetryPolicy,
  random: number
): number | undefined {
  if (!IDEMPOTENT.has(method) || !error.transient || attempt > policy.maxRetries) return undefined;
  const remaining = policy.budgetMs - elapsedMs;
  if (error.retryAfterMs !== undefined) {
    return error.retryAfterMs <= remaining ? error.retryAfterMs : undefined;
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const delay = Math.max(policy.baseDelayMs / 2, Math.round(ceiling * random));
  return delay <= remaining ? delay : undefined;
}
