import type { PolarityOptions, PolarityValidationError } from './types/polarity';
import type { OwnerFilter } from './tql';
import { registerSecret } from './redact';
import { TcError } from './tc/errors';

/** Options after validation; read once per call and never mutated. */
export interface Settings {
  readonly url: string;
  readonly accessId: string;
  readonly apiKey: string;
  readonly searchInactive: boolean;
  /** Owner names as the admin typed them; resolved against TC's owner list before use. */
  readonly ownerFilter: OwnerFilter;
  readonly maxConcurrent: number;
  readonly minTime: number;
  readonly maxRequestUrlLength: number;
  readonly requestTimeoutMs: number;
  /** Jobs waiting in the Access ID's limiter beyond which new requests are refused (retryable). */
  readonly maxQueuedRequests: number;
  /** Seconds a search answer is reused; 0 turns the cache off. */
  readonly resultCacheSeconds: number;
  readonly editingEnabled: boolean;
  readonly username: string;
}

export const DEFAULTS = {
  maxConcurrent: 10,
  minTime: 0,
  maxRequestUrlLength: 7000,
  requestTimeoutSeconds: 30,
  maxQueuedRequests: 200,
  resultCacheSeconds: 0
} as const;

/** Smallest accepted URL length limit: one long URL indicator must still fit in a search. */
const MIN_REQUEST_URL_LENGTH = 1024;
/** Larger request lines are refused by common servers and proxies (nginx and Tomcat default to 8 KiB). */
const MAX_REQUEST_URL_LENGTH = 65536;

/**
 * Splits the admin's comma list of owner names. Names may contain spaces and apostrophes; a
 * name that itself contains a comma (TC allows "Open Feeds, Tier 1") is written in double
 * quotes, with `""` for a literal quote, as in CSV.
 */
export function parseNameList(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  const names: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (quoted) {
      if (ch === '"' && value[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"' && current.trim() === '') {
      current = '';
      quoted = true;
    } else if (ch === ',') {
      names.push(current);
      current = '';
    } else current += ch;
  }
  names.push(current);
  const seen = new Set<string>();
  return names
    .map((n) => n.trim())
    .filter((n) => {
      const key = n.toLowerCase();
      if (n === '' || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'value' in value)
    return text((value as { value: unknown }).value);
  return '';
}

function bool(value: unknown, fallback: boolean): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return fallback;
}

/**
 * A number, or a plain decimal string as some option forms send. `Number()` alone would also take
 * "0x10", `true` and `[2000]`, none of which an admin meant as a number.
 */
function numberOption(value: unknown, fallback: number): number | undefined {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

interface NumericRule {
  fallback: number;
  valid: (n: number) => boolean;
  message: string;
}

const whole = (min: number, max: number) => (n: number) => Number.isInteger(n) && n >= min && n <= max;
const within = (min: number, max: number) => (n: number) => n >= min && n <= max;

/**
 * The numeric options: their default when empty, what is valid, and what to tell the admin.
 * Upper bounds keep timers within what Node can schedule and requests within what servers take.
 */
const NUMERIC_OPTIONS = {
  maxConcurrent: {
    fallback: DEFAULTS.maxConcurrent,
    valid: whole(1, 100),
    message: 'Max Concurrent Requests must be a whole number from 1 to 100'
  },
  minTime: {
    fallback: DEFAULTS.minTime,
    valid: within(0, 60000),
    message: 'Minimum Time Between Requests must be from 0 to 60000 milliseconds'
  },
  maxRequestUrlLength: {
    fallback: DEFAULTS.maxRequestUrlLength,
    valid: whole(MIN_REQUEST_URL_LENGTH, MAX_REQUEST_URL_LENGTH),
    message: `Max Request URL Length must be a whole number from ${MIN_REQUEST_URL_LENGTH} to ${MAX_REQUEST_URL_LENGTH} bytes`
  },
  requestTimeout: {
    fallback: DEFAULTS.requestTimeoutSeconds,
    valid: (n) => n > 0 && n <= 600,
    message: 'Request Timeout must be more than 0 and at most 600 seconds'
  },
  maxQueuedRequests: {
    fallback: DEFAULTS.maxQueuedRequests,
    valid: whole(1, 10000),
    message: 'Max Queued Requests must be a whole number from 1 to 10000'
  },
  resultCacheSeconds: {
    fallback: DEFAULTS.resultCacheSeconds,
    valid: within(0, 86400),
    message: 'Result Cache must be from 0 (off) to 86400 seconds'
  }
} satisfies Record<string, NumericRule>;

type NumericOption = keyof typeof NUMERIC_OPTIONS;

export interface ParsedOptions {
  settings?: Settings;
  problems: PolarityValidationError[];
}

/** Validates raw option values (flat, as doLookup receives them). Problems name their option key. */
export function parseOptions(options: PolarityOptions): ParsedOptions {
  const problems: PolarityValidationError[] = [];
  const url = text(options.url).trim().replace(/\/+$/, '');
  const accessId = text(options.accessId).trim();
  // The key is used byte for byte: TC keys can legitimately end in `=` and contain `$` or `+`.
  const apiKey = text(options.apiKey);

  if (url === '')
    problems.push({
      key: 'url',
      message: 'Enter the ThreatConnect API URL, e.g. https://app.threatconnect.com/api'
    });
  else {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
      problems.push({ key: 'url', message: 'The URL must start with https:// or http://' });
    } else if (parsed.search || parsed.hash) {
      problems.push({ key: 'url', message: 'The URL must not contain a query string or fragment' });
    } else if (parsed.username || parsed.password) {
      problems.push({ key: 'url', message: 'The URL must not contain credentials' });
    }
  }
  if (accessId === '')
    problems.push({ key: 'accessId', message: 'Enter the Access ID of the ThreatConnect API user' });
  if (apiKey.trim() === '')
    problems.push({ key: 'apiKey', message: 'Enter the API key of the ThreatConnect API user' });

  const allow = parseNameList(text(options.searchAllowlist));
  const block = parseNameList(text(options.searchBlocklist));
  if (allow.length > 0 && block.length > 0) {
    const message = 'Use either the allowlist or the blocklist, not both';
    problems.push({ key: 'searchAllowlist', message }, { key: 'searchBlocklist', message });
  }

  const numbers = {} as Record<NumericOption, number>;
  for (const [key, rule] of Object.entries(NUMERIC_OPTIONS) as Array<[NumericOption, NumericRule]>) {
    const value = numberOption(options[key], rule.fallback);
    if (value === undefined || !rule.valid(value)) problems.push({ key, message: rule.message });
    else numbers[key] = value;
  }

  registerSecret(apiKey);
  if (problems.length > 0) return { problems };
  const ownerFilter: OwnerFilter =
    allow.length > 0
      ? { mode: 'allow', names: allow }
      : block.length > 0
        ? { mode: 'block', names: block }
        : { mode: 'all' };
  const settings: Settings = Object.freeze({
    url,
    accessId,
    apiKey,
    searchInactive: bool(options.searchInactiveIndicators, true),
    ownerFilter,
    maxConcurrent: numbers.maxConcurrent,
    minTime: numbers.minTime,
    maxRequestUrlLength: numbers.maxRequestUrlLength,
    requestTimeoutMs: Math.round(numbers.requestTimeout * 1000),
    maxQueuedRequests: numbers.maxQueuedRequests,
    resultCacheSeconds: numbers.resultCacheSeconds,
    editingEnabled: bool(options.enableEditing, true),
    username: options._request?.user?.username ?? 'unknown'
  });
  return { settings, problems };
}

/** Settings for a lookup or action; invalid options are a configuration error naming the options. */
export function readSettings(options: PolarityOptions): Settings {
  const { settings, problems } = parseOptions(options);
  if (settings) return settings;
  throw new TcError(
    `Integration options are invalid: ${problems.map((p) => `${p.key}: ${p.message}`).join('; ')}`,
    {
      kind: 'config',
      help: 'An administrator must correct the ThreatConnect integration options.'
    }
  );
}
