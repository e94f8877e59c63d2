import Bottleneck from 'bottleneck';

export interface LimiterSettings {
  maxConcurrent: number;
  minTime: number;
  /** Waiting jobs beyond which new ones are dropped (and become retryable results), never queued for ever. */
  highWater: number;
}

function bottleneckOptions(s: LimiterSettings): Bottleneck.ConstructorOptions {
  return {
    maxConcurrent: s.maxConcurrent,
    minTime: s.minTime,
    highWater: s.highWater,
    strategy: Bottleneck.strategy.OVERFLOW
  };
}

const sameSettings = (a: LimiterSettings, b: LimiterSettings): boolean =>
  a.maxConcurrent === b.maxConcurrent && a.minTime === b.minTime && a.highWater === b.highWater;

/**
 * One limiter per Access ID: every Polarity user sharing a TC API user shares its budget, and
 * different API users do not slow each other down.
 */
const limiters = new Map<string, { limiter: Bottleneck; settings: LimiterSettings }>();

export function limiterFor(accessId: string, settings: LimiterSettings): Bottleneck {
  const existing = limiters.get(accessId);
  if (existing && sameSettings(existing.settings, settings)) return existing.limiter;
  // Options changed. Bottleneck's updateSettings ignores highWater and keeps a request slot it
  // already timed with the old minTime, so the new values would not apply; a new limiter does.
  // The old one finishes the requests it is running and drops the ones waiting, which the
  // client retries through the new limiter.
  const limiter = new Bottleneck(bottleneckOptions(settings));
  limiters.set(accessId, { limiter, settings: { ...settings } });
  existing?.limiter.stop({ dropWaitingJobs: true }).catch(() => undefined);
  return limiter;
}

/**
 * The Access ID's limiter as last configured. Clients look it up per request, so one made before
 * an options change uses the new limiter too instead of reinstating its old settings.
 */
export function currentLimiter(accessId: string): Bottleneck | undefined {
  return limiters.get(accessId)?.limiter;
}

/** Test and shutdown hook. */
export async function resetLimiters(): Promise<void> {
  const all = [...limiters.values()];
  limiters.clear();
  await Promise.all(all.map(({ limiter }) => limiter.stop({ dropWaitingJobs: true }).catch(() => undefined)));
}
