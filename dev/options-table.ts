/**
 * The admin documentation's table of options, generated from config/config.json so it cannot
 * drift from what Polarity shows.
 *
 *   node dev/options-table.js                    prints the table (Markdown)
 *   node dev/options-table.js --write FILE...    replaces the table between the markers in each FILE
 *   node dev/options-table.js --check FILE...    exits 1 when a FILE's table is not current
 *
 * The markers are `<!-- options-table:begin -->` and `<!-- options-table:end -->`. The file is
 * formatted with the repository's Prettier settings, so `prettier --check` agrees with the result.
 */
import { readFileSync, writeFileSync } from 'fs';
import { resolve } from 'path';

export const BEGIN = '<!-- options-table:begin -->';
export const END = '<!-- options-table:end -->';
const NOTE =
  '<!-- Generated from config/config.json by `node dev/options-table.js --write <file>`; edit config.json, not this table. -->';

interface SelectValue {
  value?: unknown;
  display?: unknown;
}

export interface ConfigOption {
  key: string;
  name: string;
  description: string;
  default: unknown;
  type: string;
  userCanEdit?: boolean;
  adminOnly?: boolean;
  options?: SelectValue[];
  multiple?: boolean;
}

function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
}

export function describeDefault(option: ConfigOption): string {
  const d = option.default;
  if (option.type === 'boolean') return d === true ? 'on' : 'off';
  if (option.type === 'password') return d ? '(set)' : 'empty';
  if (option.type === 'select') {
    const values = (Array.isArray(d) ? d : [d]) as SelectValue[];
    const shown = values.filter(Boolean).map((v) => String(v.display ?? v.value));
    return shown.length ? shown.join(', ') : 'none';
  }
  if (d === '' || d === null || d === undefined) return 'empty';
  return typeof d === 'string' ? `\`${d}\`` : String(d);
}

/** Polarity's labels for the permission flags (v5 admin REST docs, integration options). */
export function describePermission(option: ConfigOption): string {
  const admin = option.adminOnly === true;
  const user = option.userCanEdit === true;
  if (admin && user) return 'invalid (adminOnly and userCanEdit)';
  if (admin) return 'Admin; hidden from users';
  if (user) return 'Each user';
  return 'Admin; shown to users';
}

export function readOptions(configPath: string): ConfigOption[] {
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as { options?: ConfigOption[] };
  return config.options ?? [];
}

/** The table, unaligned; Prettier aligns it when it is written into a file. */
export function renderTable(options: ConfigOption[]): string {
  const rows = options.map(
    (o) =>
      `| ${cell(o.name)} (\`${o.key}\`) | ${cell(o.type)} | ${cell(describeDefault(o))} | ` +
      `${cell(describePermission(o))} | ${cell(o.description)} |`
  );
  return ['| Option | Type | Default | Set by | Effect |', '| --- | --- | --- | --- | --- |', ...rows].join(
    '\n'
  );
}

/** The file's text with the table between the markers replaced; throws when the markers are missing. */
export function replaceSection(text: string, table: string): string {
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`no ${BEGIN} ... ${END} section`);
  return `${text.slice(0, begin)}${BEGIN}\n${NOTE}\n\n${table}\n\n${text.slice(end)}`;
}

/** What the file should contain: the current table, formatted as `prettier --check` expects. */
export async function expectedText(file: string, configPath: string): Promise<string> {
  // prettier is a devDependency and this is a dev tool; load it only when formatting.
  const prettier = await import('prettier');
  const text = replaceSection(readFileSync(file, 'utf8'), renderTable(readOptions(configPath)));
  const settings = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...settings, filepath: file });
}

async function main(argv: string[]): Promise<number> {
  const configPath = resolve(__dirname, '..', 'config', 'config.json');
  const [mode, ...files] = argv;
  if (mode === undefined) {
    process.stdout.write(`${renderTable(readOptions(configPath))}\n`);
    return 0;
  }
  if ((mode !== '--write' && mode !== '--check') || files.length === 0) {
    process.stderr.write('usage: node dev/options-table.js [--write FILE... | --check FILE...]\n');
    return 2;
  }
  let stale = 0;
  for (const file of files) {
    const want = await expectedText(file, configPath);
    if (want === readFileSync(file, 'utf8')) continue;
    if (mode === '--write') {
      writeFileSync(file, want);
      process.stdout.write(`updated the options table in ${file}\n`);
    } else {
      stale++;
      process.stderr.write(
        `${file}: the options table is out of date; run node dev/options-table.js --write ${file}\n`
      );
    }
  }
  return stale ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${(err as Error).message}\n`);
      process.exit(1);
    }
  );
}
