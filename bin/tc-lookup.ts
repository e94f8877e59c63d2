#!/usr/bin/env node
/**
 * Looks values up in ThreatConnect through the integration's own Polarity contract, so an admin
 * can prove the URL and credentials before installing, and see what analysts will see.
 */
import { parseArgs } from 'util';
import * as integration from '../integration';
import { entityFromValue } from '../lib/detect';
import { checkOptions } from '../lib/validate-options';
import type { TcErrorKind } from '../lib/tc/errors';
import type { PolarityEntity, PolarityError, PolarityLogger, PolarityResult } from '../lib/types/polarity';
import type { TcDetails } from '../lib/types/details';

const USAGE = `Usage: tc-lookup [options] <value> [<value> ...]

Looks up IPs, domains, URLs, email addresses and file hashes in ThreatConnect.

Options:
  --url <url>          ThreatConnect API URL ending in /api   (env TC_URL)
  --access-id <id>     Access ID of the API user               (env TC_ACCESS_ID)
  --api-key <key>      API key of the API user                 (env TC_API_KEY, preferred:
                       a key on the command line shows in the process list)
  --allowlist <names>  Comma-separated owners to search
  --blocklist <names>  Comma-separated owners not to search
  --active-only        Do not return inactive indicators
  --json               Print the raw Polarity results as JSON
  --verbose            Log the integration's info messages to stderr
  -h, --help           Show this help

Exit codes: 0 done, 1 ThreatConnect unreachable or the lookup failed, 2 bad arguments or
option values (including credentials ThreatConnect rejects).`;

const OPTIONS = {
  url: { type: 'string' },
  'access-id': { type: 'string' },
  'api-key': { type: 'string' },
  allowlist: { type: 'string' },
  blocklist: { type: 'string' },
  'active-only': { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
}

function stderrLogger(io: CliIo, verbose: boolean): PolarityLogger {
  const write =
    (level: string) =>
    (...args: unknown[]) =>
      io.err(`[${level}] ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);
  const quiet = () => undefined;
  return {
    trace: quiet,
    debug: quiet,
    info: verbose ? write('info') : quiet,
    warn: write('warn'),
    error: write('error')
  };
}

function call<T>(fn: (cb: (err: PolarityError | null, result?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, result) => (err ? reject(err) : resolve(result as T))));
}

function pad(text: string, width: number): string {
  return text.length > width ? text.slice(0, width - 1) + '…' : text.padEnd(width);
}

/** A plain-text table: one row per organization that knows the entity, one row per miss. */
export function formatTable(results: PolarityResult<TcDetails>[]): string[] {
  const cols: Array<[string, number]> = [
    ['ENTITY', 38],
    ['ORGANIZATION', 28],
    ['RATING', 16],
    ['SCORE', 6],
    ['TAGS', 40]
  ];
  const lines = [
    cols
      .map(([h, w]) => pad(h, w))
      .join(' ')
      .trimEnd()
  ];
  for (const r of results) {
    const orgs = r.data?.details.organizations ?? [];
    if (orgs.length === 0) {
      lines.push([pad(r.entity.value, 38), pad('(not found)', 28)].join(' ').trimEnd());
      continue;
    }
    orgs.forEach((o, i) => {
      const rating = o.rating === null ? '-' : `${o.rating} ${o.ratingLabel}`;
      const org = `${o.owner.name}${o.active ? '' : ' (inactive)'}`;
      lines.push(
        [
          pad(i === 0 ? r.entity.value : '', 38),
          pad(org, 28),
          pad(rating, 16),
          pad(o.threatAssessScore === null ? '-' : String(o.threatAssessScore), 6),
          pad(o.tags.map((t) => t.name).join(', ') || '-', 40)
        ]
          .join(' ')
          .trimEnd()
      );
    });
  }
  return lines;
}

/** Failures that say nothing about the options: ThreatConnect could not be reached or was busy. */
const UNREACHABLE: ReadonlySet<TcErrorKind> = new Set([
  'network',
  'tls',
  'timeout',
  'server',
  'rate-limit',
  'dropped'
]);

/**
 * Runs the CLI; resolves to the exit code: 0 done, 1 ThreatConnect unreachable or the lookup
 * failed, 2 bad arguments or option values (including credentials TC rejects).
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    io.err(
      `${(err as Error).message}\nKnown options: ${Object.keys(OPTIONS)
        .map((o) => `--${o}`)
        .join(', ')}`
    );
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (positionals.length === 0) {
    io.err('Give at least one value to look up.\n\n' + USAGE);
    return 2;
  }
  const entities: PolarityEntity[] = [];
  for (const value of positionals) {
    const entity = entityFromValue(value);
    if (entity) entities.push(entity);
    else io.err(`Skipping "${value}": not an IP, domain, URL, email address or MD5/SHA1/SHA256 hash`);
  }
  const options = {
    url: values.url ?? io.env.TC_URL ?? '',
    accessId: values['access-id'] ?? io.env.TC_ACCESS_ID ?? '',
    apiKey: values['api-key'] ?? io.env.TC_API_KEY ?? '',
    searchAllowlist: values.allowlist ?? '',
    searchBlocklist: values.blocklist ?? '',
    searchInactiveIndicators: !values['active-only'],
    _request: { user: { username: 'tc-lookup' } }
  };
  integration.startup(stderrLogger(io, values.verbose === true));
  const { problems, failure } = await checkOptions(options);
  if (problems.length > 0) {
    for (const p of problems) io.err(`Option ${p.key}: ${p.message}`);
    // 1 when ThreatConnect could not be reached or is unavailable; 2 when the values are wrong.
    return failure && UNREACHABLE.has(failure.kind) ? 1 : 2;
  }
  if (entities.length === 0) return 2;
  try {
    const results = await call<PolarityResult<TcDetails>[]>((cb) =>
      integration.doLookup(entities, options, cb)
    );
    if (values.json) io.out(JSON.stringify(results, null, 2));
    else for (const line of formatTable(results)) io.out(line);
    return 0;
  } catch (err) {
    const e = err as PolarityError;
    io.err(`Lookup failed: ${e.detail}${e.help ? `\nHint: ${e.help}` : ''}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), {
    out: (l) => process.stdout.write(l + '\n'),
    err: (l) => process.stderr.write(l + '\n'),
    env: process.env
  }).then((code) => process.exit(code));
}
