/**
 * The admin documentation cannot drift from the code: the options table is the one
 * dev/options-table.ts generates from config/config.json, and every hint in lib/tc/errors.ts
 * HELP appears verbatim in the troubleshooting table of README.md, the admin documentation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BEGIN, expectedText, renderTable, readOptions, describeDefault } from '../../dev/options-table';
import { HELP } from '../../lib/tc/errors';

const REPO = resolve(__dirname, '..', '..');
const CONFIG = join(REPO, 'config', 'config.json');
const docs = ['README.md']
  .map((f) => join(REPO, f))
  .filter((f) => existsSync(f) && readFileSync(f, 'utf8').includes(BEGIN));

test('some admin document carries the generated options table', () => {
  assert.ok(docs.length > 0, `no file has ${BEGIN}`);
});

for (const file of docs) {
  test(`${file.slice(REPO.length + 1)}: the options table matches config/config.json`, async () => {
    assert.equal(
      readFileSync(file, 'utf8'),
      await expectedText(file, CONFIG),
      `run: node dev/options-table.js --write ${file.slice(REPO.length + 1)}`
    );
  });
}

test('every option is in the table with its default', () => {
  const options = readOptions(CONFIG);
  const table = renderTable(options);
  for (const o of options) {
    assert.ok(table.includes(`(\`${o.key}\`)`), o.key);
    assert.ok(o.description.trim().length > 0, `${o.key} has a description`);
  }
  assert.equal(describeDefault({ ...options[0], type: 'boolean', default: false }), 'off');
  assert.equal(describeDefault({ ...options[0], type: 'number', default: 7000 }), '7000');
  assert.equal(describeDefault({ ...options[0], type: 'text', default: '' }), 'empty');
  assert.equal(
    describeDefault({ ...options[0], type: 'select', default: { value: 'a', display: 'Alpha' } }),
    'Alpha'
  );
});

test('every error hint the integration prints is in the troubleshooting table', () => {
  const text = docs.map((f) => readFileSync(f, 'utf8')).join('\n');
  const missing = Object.entries(HELP).filter(([, hint]) => !text.includes(hint));
  assert.deepEqual(
    missing.map(([key]) => key),
    [],
    'add these hints to the troubleshooting table, quoted exactly'
  );
});
