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

/**
 * One limiter per Access ID: every Polarity user sharing a TC API user shares its budget, and
 * different API users do not slow each other down.
 */
const limiters = new Map<string, { limiter: Bottleneck; settings: LimiterSettings }>();

export function limiterFor(accessId: string, settings: LimiterSettings): Bottleneck {
  const existing = limiters.get(accessId);
  if (existing) {
    if (
      existing.settings.maxConcurrent !== settings.maxConcurrent ||
      existing.settings.minTime !== settings.minTime
    ) {
      // Options were changed by an admin: apply them without dropping queued work.
      existing.limiter.updateSettings({ maxConcurrent: settings.maxConcurrent, minTime: settings.minTime });
      existing.settings = { ...settings };
    }
    return existing.limiter;
  }
  const limiter = new Bottleneck(bottleneckOptions(settings));
  limiters.set(accessId, { limiter, settings: { ...settings } });
  return limiter;
}

/** Test and shutdown hook. */
export async function resetLimiters(): Promise<void> {
  const all = [...limiters.values()];
  limiters.clear();
  await Promise.all(all.map(({ limiter }) => limiter.stop({ dropWaitingJobs: true }).catch(() => undefined)));
}
