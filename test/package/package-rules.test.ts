/**
 * What makes dev/package.ts refuse, on made-up trees in temp folders (no build, no npm): missing,
 * stale or orphaned compiled files, files that would silently not ship, and a staged tree with
 * forbidden or missing files or modules that differ from the lock.
 */
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkModules, checkTree, PackageError, selectFiles, shippedManifest } from '../../dev/package';

const dirs: string[] = [];

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'threatconnect-package-rules-'));
  dirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

const CONFIG = JSON.stringify({
  styles: ['./styles/s.less'],
  block: { component: { file: './components/c.js' }, template: { file: './templates/t.hbs' } }
});
const PKG = JSON.stringify({ name: 'x', version: '1.0.0', main: './integration.js', bin: { x: 'bin/x.js' } });
const LOCK = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ version: '1.0.0', packages: { '': { version: '1.0.0' }, ...extra } });

function source(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'integration.ts': '',
    'integration.js': '',
    'lib/a.ts': '',
    'lib/a.js': '',
    'lib/types/t.d.ts': '',
    'bin/x.ts': '',
    'bin/x.js': '',
    'config/config.json': CONFIG,
    'components/c.js': '',
    'components/c.d.ts': '',
    'components/tsconfig.json': '{}',
    'templates/t.hbs': '',
    'styles/s.less': '',
    'README.md': '',
    LICENSE: '',
    'package.json': PKG,
    'package-lock.json': LOCK(),
    ...extra
  };
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof PackageError, String(err));
    return err.message;
  }
  assert.fail('expected a refusal');
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('selecting the files to ship', () => {
  test('compiled .js of lib/ and bin/, the overlay .js, config, templates, styles and the root files', () => {
    assert.deepEqual(selectFiles(tree(source())), [
      'LICENSE',
      'README.md',
      'bin/x.js',
      'components/c.js',
      'config/config.json',
      'integration.js',
      'lib/a.js',
      'package-lock.json',
      'package.json',
      'styles/s.less',
      'templates/t.hbs'
    ]);
  });

  test('a missing root file refuses', () => {
    const files = source();
    delete files['README.md'];
    delete files.LICENSE;
    assert.match(
      refusal(() => selectFiles(tree(files))),
      /README\.md is missing[\s\S]*LICENSE is missing/
    );
  });

  test('a source without its compiled file refuses, naming npm run build', () => {
    assert.match(
      refusal(() => selectFiles(tree(source({ 'lib/b.ts': '' })))),
      /lib\/b\.ts has no compiled lib\/b\.js/
    );
  });

  test('a compiled file older than its source refuses', () => {
    const dir = tree(source());
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(dir, 'lib/a.js'), past, past);
    assert.match(
      refusal(() => selectFiles(dir)),
      /lib\/a\.js is older than lib\/a\.ts/
    );
  });

  test('a compiled file whose source is gone refuses instead of shipping stale code', () => {
    assert.match(
      refusal(() => selectFiles(tree(source({ 'lib/old.js': '' })))),
      /lib\/old\.js has no \.ts source/
    );
  });

  test('a file in lib/ that would silently not ship refuses', () => {
    assert.match(
      refusal(() => selectFiles(tree(source({ 'lib/data.json': '{}' })))),
      /lib\/data\.json would not ship/
    );
  });
});

describe('checking the staged tree', () => {
  function staged(extra: Record<string, string> = {}, drop: string[] = []): string {
    const files: Record<string, string> = {
      'integration.js': '',
      'lib/a.js': '',
      'bin/x.js': '',
      'config/config.json': CONFIG,
      'components/c.js': '',
      'templates/t.hbs': '',
      'styles/s.less': '',
      'README.md': '',
      LICENSE: '',
      'package.json': PKG,
      'package-lock.json': LOCK(),
      ...extra
    };
    for (const d of drop) delete files[d];
    return tree(files);
  }

  test('a correct tree has no problems', () => {
    assert.deepEqual(checkTree(staged()), []);
  });

  test('sources, maps, compiler settings, tests, dev tools, dotfiles and stray top-level files are refused', () => {
    const problems = checkTree(
      staged({
        'lib/a.ts': '',
        'lib/a.js.map': '',
        'components/tsconfig.json': '{}',
        'test/x.test.js': '',
        'dev/sim/index.js': '',
        'config/.secret': '',
        'eslint.config.mjs': ''
      })
    ).join('\n');
    for (const f of [
      'lib/a.ts',
      'lib/a.js.map',
      'components/tsconfig.json',
      'test/x.test.js',
      'dev/sim/index.js',
      'config/.secret',
      'eslint.config.mjs'
    ])
      assert.ok(problems.includes(f), `${f} refused:\n${problems}`);
  });

  test('files named by package.json (main, bin) and config.json (styles, block) must be there', () => {
    const problems = checkTree(staged({}, ['bin/x.js', 'templates/t.hbs', 'styles/s.less'])).join('\n');
    assert.match(problems, /bin\/x\.js is required but missing/);
    assert.match(problems, /templates\/t\.hbs is required but missing/);
    assert.match(problems, /styles\/s\.less is required but missing/);
  });

  test('modules must be exactly the production entries of the lock', () => {
    const dir = staged({
      'package-lock.json': LOCK({
        'node_modules/prod': { version: '1.0.0' },
        'node_modules/dev-only': { version: '1.0.0', dev: true },
        'node_modules/maybe': { version: '1.0.0', optional: true }
      }),
      'node_modules/dev-only/package.json': '{}',
      'node_modules/unknown/package.json': '{}',
      'node_modules/typescript/package.json': '{}'
    });
    const problems = checkModules(dir).join('\n');
    assert.match(problems, /node_modules\/prod \(production dependency\) is missing/);
    assert.match(problems, /node_modules\/dev-only is a dev dependency/);
    assert.match(problems, /node_modules\/unknown is not in package-lock\.json/);
    assert.match(problems, /node_modules\/typescript must not ship/);
    assert.ok(!problems.includes('maybe'), 'an optional dependency may be absent');
  });
});

describe('the shipped package.json', () => {
  /** The repository's own package.json, as it is when the package is built. */
  const repoManifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
    devDependencies: Record<string, string>;
  };

  test('keeps only the scripts that work without sources, tests and dev tools, and no devDependencies', () => {
    const shipped = shippedManifest(repoManifest);
    assert.deepEqual(Object.keys(shipped.scripts ?? {}).sort(), ['lookup', 'nginx-conf', 'prepare']);
    assert.equal(shipped.scripts?.lookup, repoManifest.scripts.lookup);
    assert.equal(shipped.scripts?.['nginx-conf'], repoManifest.scripts['nginx-conf']);
    assert.equal(shipped.scripts?.prepare, repoManifest.scripts.prepare, 'a no-op without integration.ts');
    assert.equal('devDependencies' in shipped, false);
    assert.deepEqual(
      Object.keys(shipped),
      Object.keys(repoManifest).filter((k) => k !== 'devDependencies'),
      'everything else as it is, in the same order'
    );
  });

  test('drops a script that needs dev/, test/, tsc, eslint, prettier or a build, or runs one that was dropped', () => {
    const scripts = {
      start: 'node dev/start.js',
      unit: 'node --test test/unit/*.test.js',
      relative: 'node ./dev/x.js',
      typecheck: 'tsc --noEmit',
      lint: 'eslint .',
      format: 'prettier --write .',
      test: 'npm run build && node --test',
      release: 'npm run lint',
      chain: 'npm run -s release',
      lookup: 'node bin/tc-lookup.js',
      quiet: 'node bin/tc-lookup.js > /dev/null',
      both: 'npm run lookup && npm run quiet'
    };
    assert.deepEqual(shippedManifest({ name: 'x', scripts }).scripts, {
      lookup: scripts.lookup,
      quiet: scripts.quiet,
      both: scripts.both
    });
  });

  test('the staged tree refuses a script that runs a file or a script the package does not have', () => {
    const scripts = {
      start: 'node dev/start.js',
      bench: 'node --expose-gc dev/bench/index.js',
      other: 'npm run missing',
      ok: 'node bin/x.js --help',
      eval: 'node -e "process.exit(0)"'
    };
    const dir = tree({
      'integration.js': '',
      'lib/a.js': '',
      'bin/x.js': '',
      'config/config.json': CONFIG,
      'components/c.js': '',
      'templates/t.hbs': '',
      'styles/s.less': '',
      'README.md': '',
      LICENSE: '',
      'package.json': JSON.stringify({ ...JSON.parse(PKG), scripts }),
      'package-lock.json': LOCK()
    });
    const problems = checkTree(dir);
    assert.deepEqual(
      problems.filter((p) => p.includes('script')),
      [
        'package.json script "start" runs dev/start.js, which is not in the package',
        'package.json script "bench" runs dev/bench/index.js, which is not in the package',
        'package.json script "other" runs npm script "missing", which is not in the package'
      ]
    );
  });
});
