/**
 * Test doubles for the Polarity server side: a recording logger, a callback wrapper that
 * fails the test if Polarity's callback fires more than once, and factories for entities and
 * options shaped as Polarity sends them.
 */
import assert from 'node:assert/strict';
import type {
  PolarityEntity,
  PolarityError,
  PolarityLogger,
  PolarityOptions
} from '../../lib/types/polarity';
import { entityFromValue } from '../../lib/detect';

export interface RecordingLogger extends PolarityLogger {
  lines: Array<{ level: string; text: string }>;
  text(): string;
}

/** Records every call at every level, serialised as Bunyan would, so secrets can be searched for. */
export function recordingLogger(): RecordingLogger {
  const lines: Array<{ level: string; text: string }> = [];
  const rec =
    (level: string) =>
    (...args: unknown[]) => {
      lines.push({ level, text: args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ') });
    };
  return {
    lines,
    trace: rec('trace'),
    debug: rec('debug'),
    info: rec('info'),
    warn: rec('warn'),
    error: rec('error'),
    fatal: rec('fatal'),
    text: () => lines.map((l) => `${l.level} ${l.text}`).join('\n')
  };
}

export interface Outcome<T> {
  err: PolarityError | null;
  result: T | undefined;
}

/** Calls a callback-style export and resolves with its one answer; a second call fails the test. */
export function callOnce<T>(
  fn: (cb: (err: PolarityError | null, result?: T) => void) => void
): Promise<Outcome<T>> {
  return new Promise((resolve, reject) => {
    let calls = 0;
    fn((err, result) => {
      calls += 1;
      if (calls > 1) {
        reject(new Error('callback called more than once'));
        return;
      }
      // Give a stray second call the chance to show up before the test moves on.
      setTimeout(
        () => (calls === 1 ? resolve({ err, result }) : reject(new Error('callback called twice'))),
        20
      );
    });
  });
}

export function entity(value: string, type?: string): PolarityEntity {
  if (type) return { ...entityFromValue(value), value, type, types: [type] };
  const e = entityFromValue(value);
  assert.ok(e, `cannot make an entity of ${value}`);
  return e;
}

export function lookupOptions(
  sim: { url: string },
  user: { accessId: string; apiKey: string },
  overrides: Partial<PolarityOptions> = {}
): PolarityOptions {
  return {
    url: sim.url,
    accessId: user.accessId,
    apiKey: user.apiKey,
    searchInactiveIndicators: true,
    searchAllowlist: '',
    searchBlocklist: '',
    maxConcurrent: 10,
    minTime: 0,
    maxRequestUrlLength: 7000,
    enableEditing: true,
    _request: { user: { username: 'analyst', id: 7 } },
    ...overrides
  };
}

/** validateOptions receives `{ key: { value } }`. */
export function wrapOptions(options: PolarityOptions): Record<string, { value: unknown }> {
  return Object.fromEntries(Object.entries(options).map(([k, v]) => [k, { value: v }]));
}
