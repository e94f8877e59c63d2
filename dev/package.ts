/**
 * `npm run package`: the release tarball a Polarity admin installs.
 *
 *   node dev/package.js [--out-dir DIR] [--no-build] [--keep-staging]
 *
 * Polarity builds nothing and does not run `npm install` reliably, so the tarball carries the
 * compiled JavaScript and the production node_modules under one folder, `threatconnect/`:
 * integration.js, lib/ and bin/ (.js only), config/, components/ (.js only), templates/, styles/,
 * README.md, LICENSE, package.json, package-lock.json, node_modules/. No TypeScript, tests, dev
 * tools or simulator; package.json loses its devDependencies and the scripts that need them. It
 * refuses to write anything when the build fails, a compiled file is missing, stale or orphaned, a
 * required file is absent, a forbidden one slipped in, a script runs something the package lacks,
 * the modules installed differ from the lock's production set, or the staged copy cannot load
 * integration.js without reaching outside itself.
 */
import { execFileSync, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync
} from 'fs';
import { tmpdir } from 'os';
import { dirname, join, relative, resolve, sep } from 'path';
import { gzipSync } from 'zlib';
import { npmEnv } from './node18';

export const TOP_FOLDER = 'threatconnect';
const REPO_ROOT = resolve(__dirname, '..');

/** Files at the top of the package; all required. */
const ROOT_FILES = ['integration.js', 'package.json', 'package-lock.json', 'README.md', 'LICENSE'];
/** Folders whose compiled .js ship; every .js needs its .ts and vice versa. */
const COMPILED_TREES = ['lib', 'bin'];
/** Folders shipped as they are, minus dotfiles; components/ only its .js (the .d.ts and tsconfig type-check it). */
const ASSET_TREES: ReadonlyArray<{ dir: string; keep: (file: string) => boolean }> = [
  { dir: 'config', keep: () => true },
  { dir: 'components', keep: (f) => f.endsWith('.js') },
  { dir: 'templates', keep: () => true },
  { dir: 'styles', keep: () => true }
];
const TOP_LEVEL = new Set([
  ...ROOT_FILES,
  ...COMPILED_TREES,
  ...ASSET_TREES.map((t) => t.dir),
  'node_modules'
]);
/** Never in the package outside node_modules. */
const FORBIDDEN: ReadonlyArray<[RegExp, string]> = [
  [/\.ts$/, 'TypeScript source or declaration'],
  [/\.(js|css)\.map$/, 'source map'],
  [/(^|\/)tsconfig[^/]*\.json$/, 'compiler settings'],
  [/\.tsbuildinfo$/, 'compiler state'],
  [/(^|\/)\.[^/]+$/, 'dotfile'],
  [/(^|\/)(test|dev|docs|coverage)\//, 'development folder']
];
/** Packages that would mean dev dependencies leaked into the package. */
const DEV_SENTINELS = [
  'typescript',
  'eslint',
  'prettier',
  'playwright-core',
  'ember-source',
  'less',
  '@types/node'
];

/**
 * Script commands that cannot work in the package: they run the dev tools, tests or sources it
 * leaves out. `/dev/null` is not `dev/`: only `dev/` at the start of a word or after `./` counts.
 */
const DEV_ONLY_COMMAND = /(?:^|[\s'"=]|\.\/)(?:dev|test)\/|\b(?:tsc|eslint|prettier)\b|\bnpm run build\b/;
/**
 * Shipped although it mentions `npm run build`: it builds only when integration.ts exists, which a
 * package never has (checkTree refuses .ts), and `npm ci` runs it, so an admin's install stays a no-op.
 */
const KEPT_SCRIPTS: ReadonlySet<string> = new Set(['prepare']);

interface Manifest {
  scripts?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

/** The `npm run <name>` references in a script command. */
function npmRunTargets(command: string): string[] {
  return [...command.matchAll(/\bnpm\s+run(?:-script)?(?:\s+-\S+)*\s+([^\s'"-][^\s;&|'"]*)/g)].map(
    (m) => m[1]
  );
}

/** The files a script command runs with `node [options] <file>`; `node -e`/`-p` run no file. */
function nodeTargets(command: string): string[] {
  const tokens = command.split(/\s+/);
  const out: string[] = [];
  tokens.forEach((token, i) => {
    if (token !== 'node') return;
    for (let j = i + 1; j < tokens.length; j++) {
      if (/^(-e|-p|--eval|--print)$/.test(tokens[j])) return;
      if (!tokens[j].startsWith('-')) return void out.push(tokens[j]);
    }
  });
  return out;
}

/**
 * package.json as shipped: without devDependencies (`npm ci` with the shipped lock installs the
 * same production tree without them, on npm 9, 10 and 11), and with only the scripts that work in
 * the package, so `npm start` or `npm test` in the release does not die on a missing dev/ file.
 * A script that runs a dropped one (`npm run lint`) is dropped with it.
 */
export function shippedManifest(pkg: Manifest): Manifest {
  const scripts = { ...(pkg.scripts ?? {}) };
  for (const [name, command] of Object.entries(scripts))
    if (!KEPT_SCRIPTS.has(name) && DEV_ONLY_COMMAND.test(command)) delete scripts[name];
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, command] of Object.entries(scripts)) {
      if (KEPT_SCRIPTS.has(name) || npmRunTargets(command).every((t) => t in scripts)) continue;
      delete scripts[name];
      changed = true;
    }
  }
  const out: Manifest = {};
  for (const [key, value] of Object.entries(pkg)) {
    if (key === 'devDependencies') continue;
    out[key] = key === 'scripts' ? scripts : value;
  }
  return out;
}

/** Every script of the staged package.json must run files and scripts the package has. */
function scriptProblems(dir: string, scripts: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [name, command] of Object.entries(scripts)) {
    if (KEPT_SCRIPTS.has(name)) continue;
    for (const file of nodeTargets(command)) {
      const inside = !relative(dir, resolve(dir, file)).startsWith('..');
      if (!inside || !existsSync(resolve(dir, file)))
        problems.push(`package.json script "${name}" runs ${file}, which is not in the package`);
    }
    for (const target of npmRunTargets(command)) {
      if (!(target in scripts))
        problems.push(
          `package.json script "${name}" runs npm script "${target}", which is not in the package`
        );
    }
  }
  return problems;
}

export class PackageError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = []
  ) {
    super(problems.length ? `${message}:\n  - ${problems.join('\n  - ')}` : message);
    this.name = 'PackageError';
  }
}

export interface PackageOptions {
  /** Repository root; default the one this file is in. */
  root?: string;
  /** Where the .tgz goes; default the repository root. */
  outDir?: string;
  /** Run `npm run build` first (default true). Without it, compiled files are still checked for staleness. */
  build?: boolean;
  /** Keep the staging folder (it is printed) instead of deleting it. */
  keepStaging?: boolean;
  log?: (line: string) => void;
}

export interface PackageResult {
  file: string;
  bytes: number;
  sha256: string;
  /** Paths under threatconnect/ outside node_modules, sorted. */
  files: string[];
  /** node_modules package folders, e.g. `node_modules/postman-request`, sorted. */
  modules: string[];
  /** Entries in the tarball, folders included. */
  entries: number;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}

/** Every file under dir (relative, posix), skipping node_modules. */
export function walk(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...walk(full, base));
    } else if (entry.isFile()) out.push(toPosix(relative(base, full)));
  }
  return out.sort();
}

function run(cmd: string, args: string[], cwd: string, what: string): string {
  const r = spawnSync(cmd, args, { cwd, env: npmEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
    throw new PackageError(`${what} failed (exit ${r.status ?? r.signal ?? r.error?.message})\n${output}`);
  }
  return r.stdout;
}

/** Source files to copy, relative to root; throws with every problem found. */
export function selectFiles(root: string): string[] {
  const problems: string[] = [];
  const files: string[] = [];
  for (const f of ROOT_FILES) {
    if (existsSync(join(root, f))) files.push(f);
    else problems.push(`${f} is missing${f === 'integration.js' ? ' (run npm run build)' : ''}`);
  }
  const compiled = [
    'integration.ts',
    ...COMPILED_TREES.flatMap((d) => walk(join(root, d)).map((f) => `${d}/${f}`))
  ];
  for (const f of compiled) {
    if (f.endsWith('.ts') && !f.endsWith('.d.ts')) {
      const js = f.replace(/\.ts$/, '.js');
      if (!existsSync(join(root, js))) problems.push(`${f} has no compiled ${js} (run npm run build)`);
      else if (statSync(join(root, js)).mtimeMs + 1 < statSync(join(root, f)).mtimeMs)
        problems.push(`${js} is older than ${f} (run npm run build)`);
    } else if (f.endsWith('.js')) {
      // Compiled output is gitignored, so a .js without its .ts is left over from a renamed or deleted source.
      if (!existsSync(join(root, f.replace(/\.js$/, '.ts'))))
        problems.push(`${f} has no .ts source: stale output`);
      else files.push(f);
    } else if (!f.endsWith('.d.ts') && !f.endsWith('.md')) {
      problems.push(`${f} would not ship: only compiled .js ships from ${COMPILED_TREES.join('/ and ')}/`);
    }
  }
  for (const { dir, keep } of ASSET_TREES) {
    const found = walk(join(root, dir)).filter(
      (f) => !f.split('/').some((p) => p.startsWith('.')) && keep(f)
    );
    if (found.length === 0) problems.push(`${dir}/ has nothing to ship`);
    files.push(...found.map((f) => `${dir}/${f}`));
  }
  if (problems.length) throw new PackageError('Refusing to package', problems);
  return files.sort();
}

interface LockEntry {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  link?: boolean;
}

/** node_modules package folders below dir: `node_modules/a`, `node_modules/@s/b`, `node_modules/a/node_modules/c`. */
export function installedModules(dir: string, prefix = 'node_modules'): string[] {
  const nm = join(dir, prefix);
  if (!existsSync(nm)) return [];
  const out: string[] = [];
  const visit = (path: string) => {
    out.push(path);
    out.push(...installedModules(dir, `${path}/node_modules`));
  };
  for (const entry of readdirSync(nm, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    if (entry.name.startsWith('@')) {
      for (const scoped of readdirSync(join(nm, entry.name), { withFileTypes: true }))
        if (scoped.isDirectory()) visit(`${prefix}/${entry.name}/${scoped.name}`);
    } else visit(`${prefix}/${entry.name}`);
  }
  return out.sort();
}

/** Compares the installed tree with the lock: production entries all there, nothing else. */
export function checkModules(dir: string): string[] {
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const installed = installedModules(dir);
  const problems: string[] = [];
  const have = new Set(installed);
  for (const path of installed) {
    const entry = lock.packages[path];
    if (!entry) problems.push(`${path} is not in package-lock.json`);
    else if (entry.dev) problems.push(`${path} is a dev dependency`);
  }
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.startsWith('node_modules/') || entry.dev || entry.optional || entry.devOptional) continue;
    if (!have.has(path)) problems.push(`${path} (production dependency) is missing`);
  }
  for (const name of DEV_SENTINELS)
    if (have.has(`node_modules/${name}`)) problems.push(`node_modules/${name} must not ship`);
  return problems;
}

/** Checks the staged tree: required files there, forbidden ones absent, modules exactly production. */
export function checkTree(dir: string): string[] {
  const problems: string[] = [];
  const files = walk(dir);
  for (const f of files) {
    const top = f.split('/')[0];
    if (!TOP_LEVEL.has(top)) problems.push(`${f}: not part of the package layout`);
    for (const [re, why] of FORBIDDEN) if (re.test(f)) problems.push(`${f}: ${why}`);
  }
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    main?: string;
    bin?: Record<string, string>;
    scripts?: Record<string, string>;
  };
  const required = [
    ...ROOT_FILES,
    'config/config.json',
    pkg.main ?? 'index.js',
    ...Object.values(pkg.bin ?? {})
  ];
  try {
    const config = JSON.parse(readFileSync(join(dir, 'config', 'config.json'), 'utf8')) as {
      styles?: string[];
      javascript?: string[];
      block?: { component?: { file?: string }; template?: { file?: string } };
      summary?: { component?: { file?: string }; template?: { file?: string } };
    };
    required.push(
      ...(config.styles ?? []),
      ...(config.javascript ?? []),
      ...[config.block?.component?.file, config.block?.template?.file].filter((f): f is string => !!f),
      ...[config.summary?.component?.file, config.summary?.template?.file].filter((f): f is string => !!f)
    );
  } catch (err) {
    problems.push(`config/config.json: ${(err as Error).message}`);
  }
  const present = new Set(files);
  for (const f of required) {
    const norm = toPosix(relative(dir, resolve(dir, f)));
    if (!present.has(norm)) problems.push(`${norm} is required but missing`);
  }
  problems.push(...scriptProblems(dir, pkg.scripts ?? {}));
  return [...problems, ...checkModules(dir)];
}

/**
 * Loads integration.js and the package.json bins in a fresh Node from the staged folder and lists every module
 * it read: all must be inside the folder (or built in), so nothing is borrowed from the repository.
 */
export function loadCheck(dir: string, node = process.execPath): string[] {
  const script = [
    "const path = require('path');",
    "const i = require(path.resolve('integration.js'));",
    "for (const b of Object.values(require(path.resolve('package.json')).bin || {})) require(path.resolve(b));",
    "const missing = ['startup','doLookup','onDetails','onMessage','validateOptions'].filter((k) => typeof i[k] !== 'function');",
    'process.stdout.write(JSON.stringify({ missing, modules: Object.keys(require.cache) }));',
    'process.exit(0);'
  ].join('\n');
  const r = spawnSync(node, ['-e', script], {
    cwd: dir,
    env: { ...npmEnv(), NODE_PATH: '' },
    encoding: 'utf8',
    timeout: 60_000
  });
  if (r.status !== 0) return [`integration.js does not load: ${(r.stderr || r.error?.message || '').trim()}`];
  const { missing, modules } = JSON.parse(r.stdout) as { missing: string[]; modules: string[] };
  const problems = missing.map((k) => `integration.js does not export ${k}()`);
  const inside = dir.endsWith(sep) ? dir : dir + sep;
  for (const m of modules) if (!m.startsWith(inside)) problems.push(`loaded from outside the package: ${m}`);
  return problems;
}

function sourceDateEpoch(root: string): number {
  const env = Number(process.env.SOURCE_DATE_EPOCH);
  if (Number.isInteger(env) && env > 0) return env;
  try {
    return (
      Number(execFileSync('git', ['log', '-1', '--format=%ct'], { cwd: root, encoding: 'utf8' }).trim()) || 0
    );
  } catch {
    return 0;
  }
}

function uncommitted(root: string): string[] {
  try {
    const out = execFileSync(
      'git',
      [
        'status',
        '--porcelain',
        '--',
        'integration.ts',
        ...COMPILED_TREES,
        ...ASSET_TREES.map((t) => t.dir)
      ].concat(ROOT_FILES.filter((f) => f !== 'integration.js')),
      { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }
    );
    return out.split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}

export function buildPackage(options: PackageOptions = {}): PackageResult {
  const root = resolve(options.root ?? REPO_ROOT);
  const outDir = resolve(options.outDir ?? root);
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest & {
    name: string;
    version: string;
  };
  if (!/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(pkg.version ?? ''))
    throw new PackageError(`package.json version ${JSON.stringify(pkg.version)} is not semver`);

  if (options.build !== false) {
    log('Building (npm run build)...');
    run('npm', ['run', 'build'], root, 'npm run build');
  }
  const files = selectFiles(root);
  const dirty = uncommitted(root);
  if (dirty.length)
    log(
      `Warning: ${dirty.length} shipped path(s) have uncommitted changes, e.g. ${dirty.slice(0, 3).join(', ')}`
    );

  const staging = mkdtempSync(join(tmpdir(), 'threatconnect-package-'));
  const stage = join(staging, TOP_FOLDER);
  try {
    for (const f of files) {
      mkdirSync(dirname(join(stage, f)), { recursive: true });
      copyFileSync(join(root, f), join(stage, f));
    }
    const manifest = shippedManifest(pkg);
    writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    log('Installing production dependencies (npm ci --omit=dev)...');
    // No bin links: the tarball holds no symlinks, as Polarity's own release job does.
    run(
      'npm',
      [
        'ci',
        '--omit=dev',
        '--ignore-scripts',
        '--no-audit',
        '--no-fund',
        '--no-bin-links',
        '--prefer-offline'
      ],
      stage,
      'npm ci --omit=dev'
    );
    const problems = [...checkTree(stage), ...loadCheck(stage)];
    if (problems.length) throw new PackageError('Refusing to package: the staged tree is wrong', problems);

    const mtime = sourceDateEpoch(root);
    const tar = execFileSync(
      'tar',
      [
        '--sort=name',
        '--owner=0',
        '--group=0',
        '--numeric-owner',
        `--mtime=@${mtime}`,
        '--mode=u+rwX,go+rX,go-w',
        '--format=gnu',
        '-C',
        staging,
        '-cf',
        '-',
        TOP_FOLDER
      ],
      { maxBuffer: 1024 * 1024 * 1024 }
    );
    // zlib writes no timestamp or name into the gzip header, so equal trees give equal bytes.
    const gz = gzipSync(tar, { level: 9 });
    mkdirSync(outDir, { recursive: true });
    const file = join(outDir, `${pkg.name}-${pkg.version}.tgz`);
    const partial = `${file}.partial`;
    writeFileSync(partial, gz);
    renameSync(partial, file);
    const entries = execFileSync('tar', ['-tzf', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
      .split('\n')
      .filter(Boolean).length;
    const result: PackageResult = {
      file,
      bytes: gz.length,
      sha256: createHash('sha256').update(gz).digest('hex'),
      files: walk(stage),
      modules: installedModules(stage),
      entries
    };
    log(
      `Wrote ${relative(process.cwd(), file) || file}: ${formatBytes(result.bytes)} ` +
        `(${formatBytes(tar.length)} unpacked), ${result.files.length} files + ${result.modules.length} packages ` +
        `in node_modules, ${entries} entries under ${TOP_FOLDER}/`
    );
    log(`sha256 ${result.sha256}`);
    return result;
  } finally {
    if (options.keepStaging) log(`Staging kept at ${staging}`);
    else rmSync(staging, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const opts: PackageOptions = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--out-dir' && args[i + 1]) opts.outDir = args[++i];
    else if (args[i] === '--no-build') opts.build = false;
    else if (args[i] === '--keep-staging') opts.keepStaging = true;
    else {
      process.stderr.write('usage: node dev/package.js [--out-dir DIR] [--no-build] [--keep-staging]\n');
      process.exit(2);
    }
  }
  try {
    buildPackage(opts);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
}
