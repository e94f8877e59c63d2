/**
 * The release tarball as an admin gets it: built by `npm run package`'s code, unpacked into an
 * empty folder outside the repository, and run from there in child processes (cwd the unpacked
 * folder, NODE_PATH empty) against the simulator, on a real Node 18 binary and on this Node. Every
 * module the children load must come from the unpacked folder, so nothing of the repository can
 * stand in for a file the package forgot.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { buildPackage, installedModules, TOP_FOLDER, walk, type PackageResult } from '../../dev/package';
import { runChecklist } from '../../dev/checklist';
import { ensureNode18, npmEnv, pinnedNode18Version } from '../../dev/node18';
import {
  startSimulator,
  DEMO_COMMUNITY,
  DEMO_ENTITIES,
  DEMO_ORG,
  DEMO_SOURCE,
  DEMO_USER,
  type Simulator
} from '../../dev/sim';
import { entity, lookupOptions } from '../helpers/polarity';
import type { ProbeInput, ProbeOutput } from './probe';

const REPO = resolve(__dirname, '..', '..');
const HITS = ['192.0.2.10', 'malware-c2.example', 'phisher@bad-mail.example', DEMO_ENTITIES[4].value];
const MISS = '198.51.100.254';

let work: string;
let dir: string;
let probePath: string;
let node18: string;
let pkg: PackageResult;
let sim: Simulator;

function ownersOf(value: string): string[] {
  const demo = DEMO_ENTITIES.find((d) => d.value === value);
  assert.ok(demo, value);
  return [...demo.owners].sort();
}

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Like spawnSync, but leaves the event loop free: the simulator answers from this process. */
function run(cmd: string, args: string[], options: SpawnOptions & { timeout: number }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeout);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr: signal ? `${stderr}\nkilled by ${signal}` : stderr });
    });
  });
}

/** Runs the probe from the unpacked folder with the given node binary. */
async function runProbe(node: string): Promise<ProbeOutput> {
  const input: ProbeInput = {
    integration: join(dir, 'integration.js'),
    options: lookupOptions(sim, DEMO_USER),
    entities: [...HITS, MISS].map((v) => entity(v)),
    detailsOf: 0,
    message: {
      payload: { action: 'GET_FIELD', field: 'associatedGroups' },
      entity: 1,
      owner: DEMO_ORG
    }
  };
  const r = await run(node, [probePath], {
    cwd: dir,
    env: { ...npmEnv(), NODE_PATH: '', TC_PACKAGE_PROBE: JSON.stringify(input) },
    timeout: 60_000
  });
  assert.equal(r.status, 0, `probe failed on ${node}:\n${r.stderr}`);
  return JSON.parse(r.stdout) as ProbeOutput;
}

function assertContract(out: ProbeOutput): void {
  const inside = dir + sep;
  const outside = out.modules.filter((m) => m !== probePath && !m.startsWith(inside));
  assert.deepEqual(outside, [], 'every module comes from the unpacked release');
  assert.ok(
    out.modules.some((m) => m.startsWith(join(dir, 'node_modules', 'postman-request') + sep)),
    'postman-request is loaded from the release'
  );
  assert.deepEqual(
    out.logs.filter((l) => l.level === 'error' || l.level === 'fatal'),
    [],
    'nothing logged at error level'
  );
  assert.ok(!JSON.stringify(out).includes(DEMO_USER.apiKey), 'the API key appears nowhere');

  assert.equal(out.validate.err, null);
  assert.deepEqual(out.validate.result, []);

  assert.equal(out.lookup.err, null);
  const results = out.lookup.result ?? [];
  assert.deepEqual(
    results.map((r) => r.entity.value),
    [...HITS, MISS]
  );
  for (const [i, value] of HITS.entries()) {
    const names = (results[i].data?.details.organizations ?? []).map((o) => o.owner.name).sort();
    assert.deepEqual(names, ownersOf(value), value);
    assert.ok((results[i].data?.summary.length ?? 0) > 0, `${value} has summary tags`);
  }
  assert.deepEqual(
    ownersOf(HITS[0]),
    [DEMO_ORG, DEMO_COMMUNITY, DEMO_SOURCE].sort(),
    'a hit in three owners'
  );
  assert.equal(results[HITS.length].data, null, 'a miss is data: null');

  assert.equal(out.details.err, null);
  assert.deepEqual(
    out.details.result?.details.organizations.map((o) => o.owner.name).sort(),
    ownersOf(HITS[0])
  );
  assert.ok((out.details.result?.summary.length ?? 0) > 0);

  assert.equal(out.message.err, null);
  assert.equal(out.message.result?.field, 'associatedGroups');
  assert.ok(Array.isArray(out.message.result?.items) && (out.message.result.items as unknown[]).length > 0);
}

before(async () => {
  node18 = ensureNode18();
  work = realpathSync(mkdtempSync(join(tmpdir(), 'threatconnect-package-test-')));
  assert.ok(relative(REPO, work).startsWith('..'), `${work} must be outside the repository`);
  // TC_PACKAGE_NO_BUILD=1 reuses the compiled files when they are newer than their sources.
  pkg = buildPackage({
    root: REPO,
    outDir: work,
    build: process.env.TC_PACKAGE_NO_BUILD !== '1',
    log: () => undefined
  });
  const unpacked = join(work, 'unpacked');
  mkdirSync(unpacked);
  execFileSync('tar', ['-xzf', pkg.file, '-C', unpacked]);
  dir = join(unpacked, TOP_FOLDER);
  probePath = join(work, 'probe.js');
  copyFileSync(join(__dirname, 'probe.js'), probePath);
  sim = await startSimulator();
});

after(async () => {
  await sim?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('release package', () => {
  test('one top folder holding exactly what an admin needs, and production modules only', () => {
    const listing = execFileSync('tar', ['-tzvf', pkg.file], { encoding: 'utf8', maxBuffer: 64 << 20 })
      .split('\n')
      .filter(Boolean);
    assert.deepEqual(
      listing.filter((l) => !l.startsWith('-') && !l.startsWith('d')),
      [],
      'only files and folders: no symlinks'
    );
    assert.ok(
      listing.every((l) => l.split(/\s+/)[1] === '0/0'),
      'owned by 0/0'
    );
    const names = execFileSync('tar', ['-tzf', pkg.file], { encoding: 'utf8', maxBuffer: 64 << 20 })
      .split('\n')
      .filter(Boolean);
    assert.ok(
      names.every((n) => n.startsWith(`${TOP_FOLDER}/`)),
      `everything under ${TOP_FOLDER}/`
    );

    const files = walk(dir);
    for (const f of [
      'integration.js',
      'package.json',
      'package-lock.json',
      'README.md',
      'LICENSE',
      'config/config.json',
      'bin/tc-lookup.js',
      'components/threatconnect.js',
      'templates/threatconnect.hbs',
      'styles/threatconnect.less'
    ])
      assert.ok(files.includes(f), `${f} is shipped`);
    const sources = walk(join(REPO, 'lib'))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .map((f) => `lib/${f.replace(/\.ts$/, '.js')}`);
    assert.deepEqual(
      sources.filter((f) => !files.includes(f)),
      [],
      'every lib module is compiled in'
    );
    const forbidden = files.filter(
      (f) =>
        /\.ts$|\.map$|tsconfig|\.tsbuildinfo$/.test(f) ||
        /^(test|dev|docs)\//.test(f) ||
        (f.startsWith('components/') && !f.endsWith('.js')) ||
        f.split('/').some((p) => p.startsWith('.'))
    );
    assert.deepEqual(forbidden, [], 'no sources, type declarations, maps, tests, dev tools or dotfiles');
    assert.ok(!existsSync(join(dir, 'integration.ts')));

    const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    const modules = installedModules(dir);
    for (const name of Object.keys(manifest.dependencies))
      assert.ok(modules.includes(`node_modules/${name}`), `${name} is shipped`);
    for (const name of Object.keys(manifest.devDependencies))
      assert.ok(!modules.includes(`node_modules/${name}`), `${name} (dev) is not shipped`);
    assert.ok(pkg.bytes < 20 * 1024 * 1024, `${pkg.bytes} bytes`);
  });

  test('the unpacked release passes the Polarity checklist', () => {
    const failed = runChecklist(dir, { packaged: true }).filter((r) => r.status === 'fail');
    assert.deepEqual(failed, []);
  });

  test(`the Polarity contract runs from the unpacked release on Node 18 (${pinnedNode18Version()})`, async () => {
    const out = await runProbe(node18);
    assert.equal(out.node, pinnedNode18Version());
    assertContract(out);
  });

  test(`the Polarity contract runs from the unpacked release on this Node (${process.version})`, async () => {
    const out = await runProbe(process.execPath);
    assert.equal(out.node, process.version);
    assertContract(out);
  });

  test('the shipped CLI runs from the unpacked release on Node 18', async () => {
    const env = { ...npmEnv(), NODE_PATH: '', TC_URL: '', TC_ACCESS_ID: '', TC_API_KEY: '' };
    const help = spawnSync(node18, ['bin/tc-lookup.js', '--help'], { cwd: dir, env, encoding: 'utf8' });
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /Usage: tc-lookup/);

    const args = ['--url', sim.url, '--access-id', DEMO_USER.accessId, '--api-key', DEMO_USER.apiKey];
    const r = await run(node18, ['bin/tc-lookup.js', ...args, HITS[0], MISS], {
      cwd: dir,
      env,
      timeout: 60_000
    });
    assert.equal(r.status, 0, r.stderr);
    for (const owner of [DEMO_ORG, DEMO_COMMUNITY, DEMO_SOURCE]) assert.ok(r.stdout.includes(owner), owner);
    assert.match(r.stdout, new RegExp(`${MISS.replace(/\./g, '\\.')}\\s+\\(not found\\)`));
  });

  test('package.json ships without devDependencies and with scripts that run what the package has', () => {
    const shipped = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
      devDependencies?: unknown;
      dependencies?: Record<string, string>;
    };
    const repo = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    assert.equal(shipped.devDependencies, undefined, 'no devDependencies');
    assert.deepEqual(shipped.dependencies, repo.dependencies);
    const scripts = shipped.scripts ?? {};
    for (const name of ['lookup', 'nginx-conf', 'prepare']) assert.ok(name in scripts, `${name} is kept`);
    for (const [name, command] of Object.entries(scripts)) {
      // Every path the command names (bin/tc-lookup.js, ...) must be a file of the release.
      for (const path of command.split(/\s+/).filter((t) => /^(\.\/)?[\w.-]+\/[\w./-]+$/.test(t)))
        assert.ok(existsSync(join(dir, path)), `script ${name}: ${path} is not in the package`);
      assert.doesNotMatch(
        command,
        /(^|\s)(dev|test)\/|\b(tsc|eslint|prettier)\b/,
        `script ${name}: ${command}`
      );
      for (const [, target] of command.matchAll(/\bnpm run(?: -\S+)* ([\w:-]+)/g)) {
        if (name !== 'prepare')
          assert.ok(target in scripts, `script ${name} runs the missing script ${target}`);
      }
    }
  });

  test('npm run in the unpacked release: lookup and nginx-conf work, dev-only scripts are simply absent', () => {
    const npm = (...args: string[]) =>
      spawnSync('npm', args, {
        cwd: dir,
        env: { ...npmEnv(), NODE_PATH: '', TC_URL: '', TC_ACCESS_ID: '', TC_API_KEY: '' },
        encoding: 'utf8',
        timeout: 60_000
      });
    const lookup = npm('run', '-s', 'lookup', '--', '--help');
    assert.equal(lookup.status, 0, lookup.stderr);
    assert.match(lookup.stdout, /Usage: tc-lookup/);
    const nginxHelp = npm('run', '-s', 'nginx-conf', '--', '--help');
    assert.equal(nginxHelp.status, 0, nginxHelp.stderr);
    assert.match(nginxHelp.stdout, /^Usage: nginx-conf/);
    const block = npm('run', '-s', 'nginx-conf');
    assert.equal(block.status, 0, block.stderr);
    assert.match(
      block.stdout,
      /^location ~ .*\n[\s\S]*proxy_pass http:\/\/127\.0\.0\.1:9876\/download\/\$1;\n\}\n$/
    );

    // Before, these died with "Cannot find module '.../dev/start.js'".
    for (const script of ['start', 'test', 'simulator', 'build']) {
      const r = npm('run', script);
      assert.notEqual(r.status, 0, script);
      assert.match(r.stderr, new RegExp(`Missing script: "${script}"`), script);
      assert.doesNotMatch(r.stderr, /Cannot find module/, script);
    }
  });

  test('npm ci --omit=dev in the unpacked release reinstalls the same modules, and it still runs', async () => {
    const before = installedModules(dir);
    const compiled = readFileSync(join(dir, 'integration.js'), 'utf8');
    // As an admin would run it: with lifecycle scripts. `prepare` must be a no-op without sources.
    const r = spawnSync('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: dir,
      env: { ...npmEnv(), NODE_PATH: '' },
      encoding: 'utf8',
      timeout: 180_000
    });
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    assert.deepEqual(installedModules(dir), before);
    assert.equal(readFileSync(join(dir, 'integration.js'), 'utf8'), compiled, 'nothing was rebuilt');
    assert.ok(!existsSync(join(dir, 'lib', 'tc', 'client.ts')));
    assertContract(await runProbe(node18));
  });
});
