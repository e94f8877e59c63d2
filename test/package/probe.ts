/**
 * Runs in a child process, copied next to an unpacked release (outside the repository), and
 * drives that release's integration.js as Polarity does: startup, validateOptions, doLookup,
 * onDetails on a hit, onMessage. Prints one JSON line (ProbeOutput) and exits.
 *
 * It requires nothing but the integration it is pointed at, so every module it loads must come
 * from the release; `modules` lists them for the parent to check. Does nothing without
 * TC_PACKAGE_PROBE (so a test runner that picks this file up finds no work).
 */
import type * as Integration from '../../integration';
import type {
  PolarityEntity,
  PolarityError,
  PolarityLogger,
  PolarityOptions,
  PolarityResult,
  PolarityValidationError
} from '../../lib/types/polarity';
import type { TcDetails } from '../../lib/types/details';

export interface ProbeInput {
  /** Absolute path of the release's integration.js. */
  integration: string;
  options: PolarityOptions;
  entities: PolarityEntity[];
  /** onDetails gets the doLookup result at this index. */
  detailsOf: number;
  /** onMessage payload; `indicatorId` is filled in from the organization `owner` of entity `entity`. */
  message: { payload: Record<string, unknown>; entity: number; owner: string };
}

export interface Outcome<T> {
  err: PolarityError | null;
  result?: T;
}

export interface ProbeOutput {
  node: string;
  modules: string[];
  logs: Array<{ level: string; text: string }>;
  validate: Outcome<PolarityValidationError[]>;
  lookup: Outcome<PolarityResult<TcDetails>[]>;
  details: Outcome<{ summary: string[]; details: TcDetails }>;
  message: Outcome<Record<string, unknown>>;
}

function call<T>(fn: (cb: (err: PolarityError | null, result?: T) => void) => void): Promise<Outcome<T>> {
  return new Promise((resolve) => {
    let done = false;
    fn((err, result) => {
      if (done) throw new Error('Polarity callback called twice');
      done = true;
      resolve({ err: err ?? null, result });
    });
  });
}

async function probe(input: ProbeInput): Promise<ProbeOutput> {
  const logs: ProbeOutput['logs'] = [];
  const rec =
    (level: string) =>
    (...args: unknown[]) =>
      logs.push({ level, text: args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ') });
  const logger: PolarityLogger = {
    trace: rec('trace'),
    debug: rec('debug'),
    info: rec('info'),
    warn: rec('warn'),
    error: rec('error'),
    fatal: rec('fatal')
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const integration = require(input.integration) as typeof Integration;
  integration.startup(logger);
  const { options } = input;
  const wrapped = Object.fromEntries(Object.entries(options).map(([k, v]) => [k, { value: v }]));
  const validate = await call<PolarityValidationError[]>((cb) => integration.validateOptions(wrapped, cb));
  const lookup = await call<PolarityResult<TcDetails>[]>((cb) =>
    integration.doLookup(input.entities, options, cb)
  );
  const hit = lookup.result?.[input.detailsOf];
  const details = await call<{ summary: string[]; details: TcDetails }>((cb) =>
    integration.onDetails({ ...hit, entity: hit?.entity ?? input.entities[input.detailsOf] }, options, cb)
  );
  const org = lookup.result?.[input.message.entity]?.data?.details.organizations.find(
    (o) => o.owner.name === input.message.owner
  );
  const message = (await call<object>((cb) =>
    integration.onMessage({ ...input.message.payload, indicatorId: org?.indicatorId }, options, cb)
  )) as Outcome<Record<string, unknown>>;
  return {
    node: process.version,
    modules: Object.keys(require.cache),
    logs,
    validate,
    lookup,
    details,
    message
  };
}

if (require.main === module && process.env.TC_PACKAGE_PROBE) {
  probe(JSON.parse(process.env.TC_PACKAGE_PROBE) as ProbeInput).then(
    (out) => {
      process.stdout.write(`${JSON.stringify(out)}\n`);
      // The limiter and caches keep timers; Polarity's process would live on, the probe need not.
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    }
  );
}
