import type { PolarityLogger } from './types/polarity';
import { redactValue } from './redact';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Level[] = ['trace', 'debug', 'info', 'warn', 'error'];

const silent: PolarityLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
let target: PolarityLogger = silent;

/** Stores Polarity's Bunyan logger; until `startup` runs, logging is silent. */
export function setLogger(logger: PolarityLogger | undefined): void {
  target = logger ?? silent;
}

function emit(level: Level, args: unknown[]): void {
  const fn = target[level];
  if (typeof fn === 'function')
    fn.apply(
      target,
      args.map((a) => redactValue(a))
    );
}

/** Every argument is redacted before it reaches Polarity's logger, at every level. */
export const log = Object.fromEntries(
  LEVELS.map((level) => [level, (...args: unknown[]) => emit(level, args)])
) as Record<Level, (...args: unknown[]) => void>;
