import type { PolarityCallback, PolarityError } from './types/polarity';
import { toTcError } from './tc/errors';
import { log } from './logger';

/**
 * Runs an async handler and reports to Polarity's callback exactly once: a result, or a
 * failure turned into Polarity's error object. A throw inside the callback itself is logged,
 * not re-entered, so the callback never fires twice.
 */
export function respond<T>(cb: PolarityCallback<T> | undefined, work: () => Promise<T>, what: string): void {
  let called = false;
  const call = (error: PolarityError | null, result?: T): void => {
    if (called) return;
    called = true;
    if (typeof cb !== 'function') return;
    try {
      if (error) cb(error);
      else cb(null, result);
    } catch (err) {
      log.error({ err }, `Polarity callback for ${what} threw`);
    }
  };
  let promise: Promise<T>;
  try {
    promise = work();
  } catch (err) {
    promise = Promise.reject(err);
  }
  promise.then(
    (result) => call(null, result),
    (err: unknown) => {
      const error = toTcError(err);
      const level = error.kind === 'invalid-input' ? 'warn' : 'error';
      log[level]({ err: error.toPolarityError() }, `${what} failed`);
      call(error.toPolarityError());
    }
  );
}
