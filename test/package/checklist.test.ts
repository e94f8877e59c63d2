/**
 * dev/checklist.ts against integrations made up in temp folders: a good one passes, and each
 * broken config, file or version fails exactly the rule that names it.
 */
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { formatResults, runChecklist, type RuleResult } from '../../dev/checklist';

const UUID = '0f8e5c2a-6b1d-4c3e-9a7f-2d4b6e8a1c3f';

type Config = Record<string, unknown>;

function goodConfig(): Config {
  return {
    polarityIntegrationUuid: UUID,
    name: 'Example',
    acronym: 'EX',
    entityTypes: ['IPv4', 'IPv6', 'MD5', 'SHA1', 'SHA256', 'domain', 'email', 'url'],
    defaultColor: 'light-pink',
    styles: ['./styles/example.less'],
    block: { component: { file: './components/example.js' }, template: { file: './templates/example.hbs' } },
    logging: { level: 'info' },
    options: [
      {
        key: 'url',
        name: 'URL',
        description: 'The API URL.',
        default: '',
        type: 'text',
        userCanEdit: false,
        adminOnly: true
      },
      {
        key: 'flag',
        name: 'Flag',
        description: 'A flag.',
        default: true,
        type: 'boolean',
        userCanEdit: true,
        adminOnly: false
      }
    ]
  };
}

const dirs: string[] = [];

interface Fixture {
  config?: Config | string;
  version?: string;
  lockVersion?: string;
  lockRootVersion?: string;
  privateFlag?: unknown;
  omit?: string[];
}

function write(dir: string, file: string, text: string): void {
  mkdirSync(dirname(join(dir, file)), { recursive: true });
  writeFileSync(join(dir, file), text);
}

function fixture(f: Fixture = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'threatconnect-checklist-'));
  dirs.push(dir);
  const version = f.version ?? '1.2.3';
  const files: Record<string, string> = {
    'config/config.json':
      typeof f.config === 'string' ? f.config : JSON.stringify(f.config ?? goodConfig(), null, 2),
    'package.json': JSON.stringify({
      name: 'example',
      version,
      private: 'privateFlag' in f ? f.privateFlag : true
    }),
    'package-lock.json': JSON.stringify({
      name: 'example',
      version: f.lockVersion ?? version,
      lockfileVersion: 3,
      packages: { '': { name: 'example', version: f.lockRootVersion ?? f.lockVersion ?? version } }
    }),
    LICENSE: 'MIT',
    'README.md': '# Example',
    '.prettierrc': '{}',
    '.gitignore': 'node_modules/',
    'styles/example.less': '',
    'components/example.js': '',
    'templates/example.hbs': ''
  };
  for (const [file, text] of Object.entries(files)) if (!f.omit?.includes(file)) write(dir, file, text);
  return dir;
}

function statusOf(results: RuleResult[], rule: string): RuleResult {
  const r = results.find((x) => x.rule === rule);
  assert.ok(r, `no rule ${rule}`);
  return r;
}

/** Only the rules named fail; every other rule passes or is skipped. */
function assertFails(dir: string, rules: string[], detail?: RegExp): RuleResult[] {
  const results = runChecklist(dir);
  assert.deepEqual(
    results.filter((r) => r.status === 'fail').map((r) => r.rule),
    rules,
    formatResults(results).join('\n')
  );
  if (detail) assert.match(rules.map((r) => statusOf(results, r).detail).join('\n'), detail);
  return results;
}

function withConfig(change: (c: Config) => void): string {
  const config = goodConfig();
  change(config);
  return fixture({ config });
}

function git(dir: string, ...args: string[]): void {
  execFileSync(
    'git',
    ['-c', 'user.name=t', '-c', 'user.email=t@example.test', '-c', 'commit.gpgsign=false', ...args],
    {
      cwd: dir,
      stdio: 'ignore'
    }
  );
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('checklist', () => {
  test('a complete integration passes; without git the uuid history rule is skipped with a note', () => {
    const results = assertFails(fixture(), []);
    const history = statusOf(results, 'polarityIntegrationUuid never changed');
    assert.equal(history.status, 'skip');
    assert.match(history.detail, /no git history|not the root/);
  });

  test('config.json that does not parse fails, and the rules that need it are skipped', () => {
    const results = assertFails(
      fixture({ config: '{ "name": "x", }' }),
      ['config/config.json parses'],
      /not valid JSON/
    );
    assert.equal(statusOf(results, 'entityTypes are valid').status, 'skip');
  });

  test('a missing config.json fails', () => {
    assertFails(fixture({ omit: ['config/config.json'] }), ['config/config.json parses'], /missing/);
  });

  test('an option without a description, or with a blank one', () => {
    const dir = withConfig((c) => {
      const options = c.options as Config[];
      delete options[0].description;
      options[1].description = '  ';
    });
    assertFails(dir, ['every option has a description'], /url, flag/);
  });

  test('adminOnly and userCanEdit both true is the invalid combination', () => {
    const dir = withConfig((c) =>
      Object.assign((c.options as Config[])[1], { adminOnly: true, userCanEdit: true })
    );
    assertFails(dir, ['option permissions are valid'], /flag/);
  });

  test('no defaultColor', () => {
    assertFails(
      withConfig((c) => delete c.defaultColor),
      ['defaultColor is set']
    );
  });

  test('logging level other than info, or no logging block', () => {
    assertFails(
      withConfig((c) => (c.logging = { level: 'trace' })),
      ['logging.level is "info"'],
      /trace/
    );
    assertFails(
      withConfig((c) => delete c.logging),
      ['logging.level is "info"']
    );
  });

  test('entity types Polarity expands itself, or unknown ones, are refused', () => {
    assertFails(
      withConfig((c) => (c.entityTypes = ['IP', 'hash', 'domain'])),
      ['entityTypes are valid'],
      /hash → MD5/
    );
    assertFails(
      withConfig((c) => (c.entityTypes = ['*'])),
      ['entityTypes are valid']
    );
    assertFails(
      withConfig((c) => (c.entityTypes = ['ipv4'])),
      ['entityTypes are valid'],
      /"ipv4"/
    );
    assertFails(
      withConfig((c) => (c.entityTypes = 'IPv4')),
      ['entityTypes are valid']
    );
  });

  test('a missing or malformed uuid', () => {
    assertFails(
      withConfig((c) => delete c.polarityIntegrationUuid),
      ['polarityIntegrationUuid is a UUID']
    );
    assertFails(
      withConfig((c) => (c.polarityIntegrationUuid = 'threatconnect')),
      ['polarityIntegrationUuid is a UUID']
    );
  });

  test('a uuid different from the one config.json was first committed with fails; the same one passes', () => {
    const dir = fixture();
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'first');
    const first = runChecklist(dir);
    assert.equal(statusOf(first, 'polarityIntegrationUuid never changed').status, 'pass');

    // A later commit changes it: still compared with the first.
    const changed = goodConfig();
    changed.polarityIntegrationUuid = '11111111-2222-4333-8444-555555555555';
    write(dir, 'config/config.json', JSON.stringify(changed));
    git(dir, 'commit', '-q', '-am', 'second');
    assertFails(dir, ['polarityIntegrationUuid never changed'], /was "0f8e5c2a-/);

    // Uncommitted work-tree edits count too, and changing it back passes again.
    write(dir, 'config/config.json', JSON.stringify(goodConfig()));
    assertFails(dir, []);
  });

  test('in a subfolder of a git work tree the history rule is skipped, not guessed', () => {
    const dir = fixture();
    git(dir, 'init', '-q');
    const nested = join(dir, 'nested');
    mkdirSync(nested);
    const results = runChecklist(nested);
    assert.equal(statusOf(results, 'polarityIntegrationUuid never changed').status, 'skip');
  });

  test('files named in config.json must exist', () => {
    const dir = fixture({ omit: ['templates/example.hbs', 'styles/example.less'] });
    assertFails(
      dir,
      ['files named in config.json exist'],
      /example\.less.*example\.hbs|example\.hbs.*example\.less/
    );
  });

  test('LICENSE, README.md, .prettierrc and .gitignore are required in a repository', () => {
    const dir = fixture({ omit: ['LICENSE', 'README.md', '.prettierrc', '.gitignore'] });
    assertFails(dir, ['LICENSE exists', 'README.md exists', '.prettierrc exists', '.gitignore exists']);
  });

  test('--packaged does not require the development files, but still LICENSE and README.md', () => {
    const dir = fixture({ omit: ['.prettierrc', '.gitignore', 'LICENSE'] });
    const results = runChecklist(dir, { packaged: true });
    assert.deepEqual(
      results.filter((r) => r.status === 'fail').map((r) => r.rule),
      ['LICENSE exists']
    );
    assert.equal(statusOf(results, '.prettierrc exists').status, 'skip');
  });

  test('package.json must be private with a semver version', () => {
    assertFails(fixture({ privateFlag: 'true' }), ['package.json private is true']);
    assertFails(fixture({ omit: ['package.json'] }), [
      'package.json private is true',
      'package.json version is semver',
      'package-lock.json version matches'
    ]);
    assertFails(fixture({ version: '1.2', lockVersion: '1.2' }), ['package.json version is semver']);
    assertFails(fixture({ version: 'v1.2.3', lockVersion: 'v1.2.3' }), ['package.json version is semver']);
    assertFails(fixture({ version: '1.2.3-beta.1+node-18', lockVersion: '1.2.3-beta.1+node-18' }), []);
  });

  test('the lock must exist and carry the same version, at the top and in packages[""]', () => {
    assertFails(fixture({ omit: ['package-lock.json'] }), ['package-lock.json version matches'], /missing/);
    assertFails(fixture({ lockVersion: '1.2.2' }), ['package-lock.json version matches'], /"1\.2\.2"/);
    assertFails(
      fixture({ lockRootVersion: '1.2.2' }),
      ['package-lock.json version matches'],
      /packages\[""\] "1\.2\.2"/
    );
  });

  test('the CLI prints a table and exits 1 on a failure, 0 when all rules hold', () => {
    const script = join(__dirname, '..', '..', 'dev', 'checklist.js');
    const bad = spawnSync(process.execPath, [script, withConfig((c) => delete c.defaultColor)], {
      encoding: 'utf8'
    });
    assert.equal(bad.status, 1, bad.stderr);
    assert.match(bad.stdout, /^FAIL +defaultColor is set/m);
    assert.match(bad.stdout, /^PASS +entityTypes are valid/m);
    assert.match(bad.stdout, /Checklist FAILED: 1 of \d+ rules failed/);
    const good = spawnSync(process.execPath, [script, fixture()], { encoding: 'utf8' });
    assert.equal(good.status, 0, good.stdout);
    assert.match(good.stdout, /Checklist OK/);
  });

  test('the repository itself passes', () => {
    const results = runChecklist(join(__dirname, '..', '..'));
    assert.deepEqual(
      results.filter((r) => r.status === 'fail'),
      []
    );
  });
});
