import { lookup as dnsLookup } from 'dns';

/**
 * Clock, timers, randomness and DNS, in one replaceable place: tests swap them so they never
 * wait for a real backoff and never send a DNS query off the machine.
 */
export interface Runtime {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Calls `fn` after `ms` unless cancelled; for deadlines, which must not fire early when sleep is faked. */
  timer: (ms: number, fn: () => void) => () => void;
  /** Passed to the HTTP library as `lookup`; same signature as dns.lookup. */
  lookup: typeof dnsLookup;
}

const defaults: Runtime = {
  now: () => Date.now(),
  sleep: (ms) =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      // A pending backoff must not keep the integration process alive on shutdown.
      timer.unref?.();
    }),
  random: () => Math.random(),
  timer: (ms, fn) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return () => clearTimeout(t);
  },
  lookup: dnsLookup
};

export const runtime: Runtime = { ...defaults };

export function setRuntime(overrides: Partial<Runtime>): void {
  Object.assign(runtime, overrides);
}

export function resetRuntime(): void {
  Object.assign(runtime, defaults);
}
