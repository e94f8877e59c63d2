/**
 * The shapes of Polarity's v1 ("classic") integration contract, as documented in the Polarity
 * developer guide (reference polarity-framework.md §2). Polarity publishes no installable type
 * package here, so these are our own.
 */

export type PolarityEntityType =
  | 'IPv4'
  | 'IPv6'
  | 'IPv4CIDR'
  | 'MAC'
  | 'MD5'
  | 'SHA1'
  | 'SHA256'
  | 'cve'
  | 'domain'
  | 'email'
  | 'url'
  | 'hash'
  | 'IP'
  | 'string'
  | 'custom';

export interface PolarityEntity {
  value: string;
  type: PolarityEntityType | string;
  types?: string[];
  displayValue?: string;
  isIP?: boolean;
  isIPv4?: boolean;
  isIPv6?: boolean;
  isDomain?: boolean;
  isURL?: boolean;
  isEmail?: boolean;
  isHash?: boolean;
  isMD5?: boolean;
  isSHA1?: boolean;
  isSHA256?: boolean;
  hashType?: string;
  requestContext?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface PolarityResultData<TDetails> {
  summary: string[];
  details: TDetails;
}

export interface PolarityResult<TDetails> {
  entity: PolarityEntity;
  displayValue?: string;
  /** When true Polarity does not cache the result (used for retryable failures). */
  isVolatile?: boolean;
  data: PolarityResultData<TDetails> | null;
}

/** Polarity's error object: `detail` is shown to the analyst; the rest helps the admin. */
export interface PolarityError {
  detail: string;
  status?: number;
  title?: string;
  help?: string;
  code?: string;
  meta?: Record<string, unknown>;
}

export type PolarityCallback<T> = (error: PolarityError | null, result?: T) => void;

/** Bunyan-style logger handed to `startup`. */
export interface PolarityLogger {
  trace(...args: unknown[]): void;
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  fatal?(...args: unknown[]): void;
}

/** Options as doLookup/onDetails/onMessage receive them: flat key → value. */
export interface PolarityOptions {
  url?: unknown;
  accessId?: unknown;
  apiKey?: unknown;
  searchInactiveIndicators?: unknown;
  searchAllowlist?: unknown;
  searchBlocklist?: unknown;
  maxConcurrent?: unknown;
  minTime?: unknown;
  maxRequestUrlLength?: unknown;
  enableEditing?: unknown;
  _request?: { user?: { username?: string; id?: number } };
  [key: string]: unknown;
}

/** Options as validateOptions receives them: each entry wraps its value. */
export type PolarityValidateOptions = Record<string, { value?: unknown } | undefined>;

export interface PolarityValidationError {
  key: string;
  message: string;
}
