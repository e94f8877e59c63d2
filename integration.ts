/**
 * Polarity's v1 integration contract, and nothing else: every export hands its work to lib/
 * and reports through `respond`, which calls Polarity's callback exactly once.
 */
import type {
  PolarityCallback,
  PolarityEntity,
  PolarityLogger,
  PolarityOptions,
  PolarityResult,
  PolarityValidateOptions,
  PolarityValidationError
} from './lib/types/polarity';
import type { TcDetails } from './lib/types/details';
import { setLogger, log } from './lib/logger';
import { configFailure, loadConfig } from './lib/context';
import { readSettings } from './lib/settings';
import { lookupEntities } from './lib/lookup';
import { validateOptions as checkOptions } from './lib/validate-options';
import { refreshDetails, type LookupObject } from './lib/details';
import { handleMessage } from './lib/actions';
import { respond } from './lib/callback';
import { startReportProxyFromConfig, stopReportProxy } from './lib/report-proxy/service';

export function startup(logger: PolarityLogger): void {
  setLogger(logger);
  loadConfig();
  const failure = configFailure();
  if (failure)
    log.error(
      { err: failure },
      'ThreatConnect integration configuration is invalid; lookups will fail until it is fixed'
    );
  else log.info('ThreatConnect integration started');
  // Starts only when config/report-proxy-server.json enables it; failures are logged, never thrown.
  void startReportProxyFromConfig();
}

/** Closes the report download proxy; also run on SIGTERM, SIGINT and beforeExit once it has started. */
export function shutdown(): Promise<void> {
  return stopReportProxy();
}

export function doLookup(
  entities: PolarityEntity[],
  options: PolarityOptions,
  cb: PolarityCallback<PolarityResult<TcDetails>[]>
): void {
  respond(
    cb,
    async () => lookupEntities(Array.isArray(entities) ? entities : [], readSettings(options)),
    'doLookup'
  );
}

export function onDetails(
  lookupObject: LookupObject,
  options: PolarityOptions,
  cb: PolarityCallback<{ summary: string[]; details: TcDetails }>
): void {
  respond(cb, async () => refreshDetails(lookupObject, readSettings(options)), 'onDetails');
}

export function onMessage(payload: unknown, options: PolarityOptions, cb: PolarityCallback<object>): void {
  respond(cb, async () => handleMessage(payload, options), 'onMessage');
}

export function validateOptions(
  userOptions: PolarityValidateOptions,
  cb: PolarityCallback<PolarityValidationError[]>
): void {
  respond(cb, async () => checkOptions(userOptions), 'validateOptions');
}
