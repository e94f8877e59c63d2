/**
 * `npm run checklist`: the rules of Polarity's Integration Development Checklist, run locally and
 * without network (reference polarity-framework.md §4.1), plus the option-permission and
 * referenced-file rules Polarity documents elsewhere.
 *
 *   node dev/checklist.js [DIR] [--packaged]
 *
 * DIR defaults to the repository. `--packaged` checks an unpacked release instead: the
 * development files (.prettierrc, .gitignore) are not shipped and are not required there. The
 * uuid history rule needs git and is skipped, with a note, where DIR is not the root of a work
 * tree with config/config.json committed. Prints rule → result and exits 1 on any failure.
 */
import { execFileSync } from 'child_process';
import { existsSync, readFileSync, realpathSync } from 'fs';
import { join, resolve } from 'path';

export type RuleStatus = 'pass' | 'fail' | 'skip';

export interface RuleResult {
  rule: string;
  status: RuleStatus;
  detail: string;
}

export interface ChecklistOptions {
  /** An unpacked release: repository-only files are not required. */
  packaged?: boolean;
}

/** `POSSIBLE_VALID_ENTITY_TYPES` of the checklist's checkConfigFile.js. */
export const VALID_ENTITY_TYPES: readonly string[] = [
  'IPv4',
  'IPv4CIDR',
  'IPv6',
  'MAC',
  'MD5',
  'SHA1',
  'SHA256',
  'cve',
  'domain',
  'email',
  'string',
  'url'
];
/** Shorthands Polarity expands itself; the checklist rejects them. */
const EXPANDABLE_TYPES = ['IP', 'hash', '*'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
// semver.org's recommended regular expression.
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

interface ConfigOption {
  key?: unknown;
  description?: unknown;
  adminOnly?: unknown;
  userCanEdit?: unknown;
}

interface FileRef {
  file?: unknown;
}

interface IntegrationConfig {
  polarityIntegrationUuid?: unknown;
  defaultColor?: unknown;
  logging?: { level?: unknown };
  entityTypes?: unknown;
  options?: unknown;
  styles?: unknown;
  javascript?: unknown;
  block?: { component?: FileRef; template?: FileRef };
  summary?: { component?: FileRef; template?: FileRef };
}

function readJson(path: string): { value?: unknown; error?: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { error: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : (err as Error).message };
  }
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    return { error: `not valid JSON: ${(err as Error).message}` };
  }
}

function git(dir: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/** The uuid config/config.json had when it was first committed, or why that cannot be known. */
export function firstCommittedUuid(dir: string): {
  uuid?: unknown;
  commit?: string;
  parsed?: boolean;
  note?: string;
} {
  const top = git(dir, ['rev-parse', '--show-toplevel'])?.trim();
  if (!top) return { note: 'no git history here' };
  if (realpathSync(top) !== realpathSync(dir)) return { note: `not the root of its git work tree (${top})` };
  const commits = git(dir, ['log', '--diff-filter=A', '--format=%H', '--', 'config/config.json'])
    ?.split('\n')
    .filter(Boolean);
  const first = commits?.[commits.length - 1];
  if (!first) return { note: 'config/config.json has not been committed yet' };
  const text = git(dir, ['show', `${first}:config/config.json`]);
  let uuid: unknown;
  try {
    uuid = (JSON.parse(text ?? '') as IntegrationConfig).polarityIntegrationUuid;
  } catch {
    return { commit: first, note: `config/config.json in ${first.slice(0, 7)} does not parse` };
  }
  const shallow = git(dir, ['rev-parse', '--is-shallow-repository'])?.trim() === 'true';
  return {
    uuid,
    commit: first,
    parsed: true,
    note: shallow ? 'shallow clone: compared with the oldest commit present' : undefined
  };
}

function fileRefs(config: IntegrationConfig): string[] {
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const one = (ref: FileRef | undefined) => (typeof ref?.file === 'string' ? [ref.file] : []);
  return [
    ...list(config.styles),
    ...list(config.javascript),
    ...one(config.block?.component),
    ...one(config.block?.template),
    ...one(config.summary?.component),
    ...one(config.summary?.template)
  ];
}

export function runChecklist(dirArg: string, options: ChecklistOptions = {}): RuleResult[] {
  const dir = resolve(dirArg);
  const results: RuleResult[] = [];
  const add = (rule: string, status: RuleStatus | boolean, detail = '') =>
    results.push({ rule, status: status === true ? 'pass' : status === false ? 'fail' : status, detail });

  const parsed = readJson(join(dir, 'config', 'config.json'));
  const isObject = parsed.value !== null && typeof parsed.value === 'object' && !Array.isArray(parsed.value);
  add(
    'config/config.json parses',
    !parsed.error && isObject,
    parsed.error ?? (isObject ? '' : 'not a JSON object')
  );
  const configRules = [
    'every option has a description',
    'option permissions are valid',
    'defaultColor is set',
    'logging.level is "info"',
    'entityTypes are valid',
    'polarityIntegrationUuid is a UUID',
    'polarityIntegrationUuid never changed',
    'files named in config.json exist'
  ];
  if (parsed.error || !isObject) {
    for (const rule of configRules) add(rule, 'skip', 'config/config.json did not parse');
  } else {
    const config = parsed.value as IntegrationConfig;
    const opts: ConfigOption[] = Array.isArray(config.options) ? (config.options as ConfigOption[]) : [];
    const name = (o: ConfigOption, i: number) => (typeof o?.key === 'string' ? o.key : `options[${i}]`);

    if (config.options !== undefined && !Array.isArray(config.options))
      add(configRules[0], false, 'options is not an array');
    else {
      const undescribed = opts.filter(
        (o) => typeof o?.description !== 'string' || o.description.trim() === ''
      );
      add(
        configRules[0],
        undescribed.length === 0,
        undescribed.length
          ? `no description: ${undescribed.map((o) => name(o, opts.indexOf(o))).join(', ')}`
          : ''
      );
    }

    const invalid = opts.filter((o) => o?.adminOnly === true && o?.userCanEdit === true);
    add(
      configRules[1],
      invalid.length === 0,
      invalid.length
        ? `adminOnly and userCanEdit both true (an invalid combination): ${invalid.map((o) => name(o, opts.indexOf(o))).join(', ')}`
        : ''
    );

    add(
      configRules[2],
      typeof config.defaultColor === 'string' && config.defaultColor.trim() !== '',
      typeof config.defaultColor === 'string' ? config.defaultColor : 'missing'
    );

    add(configRules[3], config.logging?.level === 'info', `level: ${JSON.stringify(config.logging?.level)}`);

    if (!Array.isArray(config.entityTypes)) add(configRules[4], false, 'entityTypes is not an array');
    else {
      const bad = config.entityTypes.filter((t) => !VALID_ENTITY_TYPES.includes(t as string));
      const expandable = bad.filter((t) => EXPANDABLE_TYPES.includes(t as string));
      add(
        configRules[4],
        bad.length === 0,
        bad.length
          ? `not allowed: ${bad.map((t) => JSON.stringify(t)).join(', ')}` +
              (expandable.length ? ' (list the concrete types instead, e.g. hash → MD5, SHA1, SHA256)' : '')
          : config.entityTypes.join(', ')
      );
    }

    const uuid = config.polarityIntegrationUuid;
    add(
      configRules[5],
      typeof uuid === 'string' && UUID.test(uuid),
      uuid === undefined ? 'missing' : JSON.stringify(uuid)
    );

    const first = firstCommittedUuid(dir);
    if (first.commit === undefined || !first.parsed) add(configRules[6], 'skip', first.note ?? '');
    else
      add(
        configRules[6],
        first.uuid === uuid,
        (first.uuid === uuid
          ? `same as in ${first.commit.slice(0, 7)}, which added config/config.json`
          : `is ${JSON.stringify(uuid)} but was ${JSON.stringify(first.uuid)} in ${first.commit.slice(0, 7)}, which added config/config.json: Polarity identifies the integration by it`) +
          (first.note ? `; ${first.note}` : '')
      );

    const refs = fileRefs(config);
    const missing = refs.filter((f) => !existsSync(resolve(dir, f)));
    add(
      configRules[7],
      missing.length === 0,
      missing.length ? `missing: ${missing.join(', ')}` : `${refs.length} file(s)`
    );
  }

  const devOnly = new Set(['.prettierrc', '.gitignore']);
  for (const f of ['LICENSE', 'README.md', '.prettierrc', '.gitignore']) {
    if (options.packaged && devOnly.has(f)) add(`${f} exists`, 'skip', 'development file, not shipped');
    else add(`${f} exists`, existsSync(join(dir, f)), existsSync(join(dir, f)) ? '' : 'missing');
  }

  const pkg = readJson(join(dir, 'package.json'));
  const p = (pkg.value ?? {}) as { private?: unknown; version?: unknown };
  if (pkg.error) {
    add('package.json private is true', false, `package.json ${pkg.error}`);
    add('package.json version is semver', false, `package.json ${pkg.error}`);
  } else {
    add('package.json private is true', p.private === true, `private: ${JSON.stringify(p.private)}`);
    add(
      'package.json version is semver',
      typeof p.version === 'string' && SEMVER.test(p.version),
      `version: ${JSON.stringify(p.version)}`
    );
  }

  const lock = readJson(join(dir, 'package-lock.json'));
  const l = (lock.value ?? {}) as { version?: unknown; packages?: Record<string, { version?: unknown }> };
  if (lock.error) add('package-lock.json version matches', false, `package-lock.json ${lock.error}`);
  else {
    const rootVersion = l.packages?.['']?.version;
    const ok =
      !pkg.error && l.version === p.version && (l.packages === undefined || rootVersion === p.version);
    add(
      'package-lock.json version matches',
      ok,
      `package.json ${JSON.stringify(p.version)}, lock ${JSON.stringify(l.version)}` +
        (l.packages ? `, lock packages[""] ${JSON.stringify(rootVersion)}` : '') +
        (ok ? '' : ' (run npm install to refresh the lock)')
    );
  }
  return results;
}

export function formatResults(results: RuleResult[]): string[] {
  const width = Math.max(...results.map((r) => r.rule.length));
  const mark = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;
  const lines = results.map((r) => `${mark[r.status]}  ${r.rule.padEnd(width)}  ${r.detail}`.trimEnd());
  const failed = results.filter((r) => r.status === 'fail').length;
  const skipped = results.filter((r) => r.status === 'skip').length;
  // Worded so CI does not take it for a test runner's closing "N passed, N failed" line.
  lines.push(
    failed
      ? `Checklist FAILED: ${failed} of ${results.length} rules failed`
      : `Checklist OK: all ${results.length - skipped} rules that apply hold (${skipped} skipped)`
  );
  return lines;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const packaged = args.includes('--packaged');
  const dirs = args.filter((a) => a !== '--packaged');
  if (dirs.length > 1 || dirs.some((a) => a.startsWith('-'))) {
    process.stderr.write('usage: node dev/checklist.js [DIR] [--packaged]\n');
    process.exit(2);
  }
  const dir = dirs[0] ?? resolve(__dirname, '..');
  process.stdout.write(`Polarity integration checklist: ${resolve(dir)}\n`);
  const results = runChecklist(dir, { packaged });
  for (const line of formatResults(results)) process.stdout.write(`${line}\n`);
  process.exit(results.some((r) => r.status === 'fail') ? 1 : 0);
}
