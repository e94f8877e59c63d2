/**
 * A real Node 18 binary (Polarity v5 runs integrations on Node 18) for the package test.
 *
 * It comes from the npm package `node`, pinned with its own lock file beside this file, and is
 * installed OUTSIDE the repository, in a temp folder keyed by the lock's hash. It must not be a
 * devDependency of the project: npm links its `node` bin into node_modules/.bin, which npm puts
 * first on PATH for every script, so `npm test` and its Playwright tests (Node >= 20) would run on
 * Node 18.
 *
 *   node dev/node18/index.js        prints the binary's path, installing it first if needed
 *
 * TC_NODE18_BIN=/path/to/node skips the install and uses that binary (it must be v18).
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import { copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const MANIFEST_DIR = __dirname;

/** The exact version pinned in dev/node18/package.json, as `node --version` prints it. */
export function pinnedNode18Version(): string {
  const manifest = JSON.parse(readFileSync(join(MANIFEST_DIR, 'package.json'), 'utf8')) as {
    dependencies: { node: string };
  };
  return `v${manifest.dependencies.node}`;
}

function versionOf(bin: string): string | undefined {
  try {
    return execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 20_000 }).trim();
  } catch {
    return undefined;
  }
}

/** The environment of the calling `npm run` names the repository; a nested npm must not see it. */
export function npmEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_(package_|lifecycle_|config_local_prefix$)/i.test(k) || k === 'INIT_CWD') continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

/** Path of a Node 18 binary; installs the pinned one with `npm ci` on first use (about 10 s). */
export function ensureNode18(log: (line: string) => void = () => undefined): string {
  const override = process.env.TC_NODE18_BIN;
  if (override) {
    const version = versionOf(override);
    if (!version?.startsWith('v18.')) {
      throw new Error(
        `TC_NODE18_BIN=${override} is not a Node 18 binary (--version: ${version ?? 'failed'})`
      );
    }
    return override;
  }
  const expected = pinnedNode18Version();
  const hash = createHash('sha256')
    .update(readFileSync(join(MANIFEST_DIR, 'package.json')))
    .update(readFileSync(join(MANIFEST_DIR, 'package-lock.json')))
    .digest('hex')
    .slice(0, 12);
  const home = join(tmpdir(), `threatconnect-node18-${hash}`);
  const binOf = (dir: string) => join(dir, 'node_modules', 'node', 'bin', 'node');
  if (versionOf(binOf(home)) === expected) return binOf(home);

  log(`Installing Node ${expected} from the npm package "node" into ${home}`);
  const staging = mkdtempSync(join(tmpdir(), 'threatconnect-node18-install-'));
  try {
    for (const f of ['package.json', 'package-lock.json'])
      copyFileSync(join(MANIFEST_DIR, f), join(staging, f));
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: staging,
      env: npmEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 300_000
    });
    const got = versionOf(binOf(staging));
    if (got !== expected) throw new Error(`the installed node printed ${got ?? 'nothing'}, not ${expected}`);
    rmSync(home, { recursive: true, force: true });
    try {
      renameSync(staging, home);
    } catch (err) {
      // Another process installed it at the same moment: use theirs.
      if (versionOf(binOf(home)) !== expected) throw err;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return binOf(home);
}

if (require.main === module) {
  try {
    process.stdout.write(`${ensureNode18((l) => process.stderr.write(`${l}\n`))}\n`);
  } catch (err) {
    const e = err as Error & { stderr?: Buffer };
    process.stderr.write(`${e.message}\n${e.stderr?.toString() ?? ''}`);
    process.exit(1);
  }
}
