import type { PolarityError } from '../types/polarity';
import { redact } from '../redact';

/**
 * The one error type of the integration. `kind` decides how a failure is handled: the
 * "needs an admin" kinds reach Polarity as an error with a hint; the transient ones may be
 * retried and become a retryable result.
 */
export type TcErrorKind =
  | 'auth' // 401: signature, timestamp, access id
  | 'permission' // 403
  | 'not-found' // 404
  | 'bad-request' // 400, 414, 431, TQL errors
  | 'rate-limit' // 429
  | 'server' // 5xx
  | 'timeout'
  | 'network' // ECONNREFUSED, ENOTFOUND, resets
  | 'tls'
  | 'unexpected-response' // HTML or no TC envelope: usually the URL lacks /api
  | 'dropped' // the limiter's queue was full
  | 'config' // invalid options
  | 'invalid-input' // a bad onMessage payload or entity
  | 'internal';

export interface TcErrorInit {
  kind: TcErrorKind;
  status?: number;
  code?: string;
  help?: string;
  retryAfterMs?: number;
  /** Method and path of the failed request; never headers. */
  request?: string;
  cause?: unknown;
}

const TRANSIENT_KINDS: ReadonlySet<TcErrorKind> = new Set(['rate-limit', 'server', 'timeout', 'dropped']);
const TRANSIENT_NETWORK_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EAI_AGAIN']);

export class TcError extends Error {
  readonly kind: TcErrorKind;
  readonly status?: number;
  readonly code?: string;
  readonly help?: string;
  readonly retryAfterMs?: number;
  readonly request?: string;

  constructor(message: string, init: TcErrorInit) {
    super(redact(message));
    this.name = 'TcError';
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.help = init.help ?? helpFor(init.kind, init.status, message, init.code);
    this.retryAfterMs = init.retryAfterMs;
    this.request = init.request === undefined ? undefined : redact(init.request);
    // The cause may hold request options; keep it off JSON and enumerable copies.
    if (init.cause !== undefined)
      Object.defineProperty(this, 'cause', { value: init.cause, enumerable: false });
  }

  /** Transient failures: worth retrying later, and shown as "ThreatConnect unavailable". */
  get transient(): boolean {
    if (TRANSIENT_KINDS.has(this.kind)) return true;
    return this.kind === 'network' && this.code !== undefined && TRANSIENT_NETWORK_CODES.has(this.code);
  }

  /** The message and the hint as one sentence pair, for places that show a single string. */
  describe(): string {
    const message = /[.!?]$/.test(this.message) ? this.message : `${this.message}.`;
    return this.help ? `${message} ${this.help}` : message;
  }

  toPolarityError(): PolarityError {
    const out: PolarityError = { detail: this.message };
    if (this.status !== undefined) out.status = this.status;
    if (this.help) out.help = this.help;
    out.code = this.code ?? this.kind;
    out.title = 'ThreatConnect';
    if (this.request) out.meta = { request: this.request, kind: this.kind };
    else out.meta = { kind: this.kind };
    return out;
  }

  toJSON(): PolarityError {
    return this.toPolarityError();
  }
}

const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER'
]);

export const HELP = {
  credentials:
    'Check the Access ID and API key (the key is used exactly as entered, so no stray spaces), and that the ' +
    "Polarity server's clock is correct: ThreatConnect rejects requests more than 5 minutes off.",
  url:
    'ThreatConnect did not answer with its API. The URL must be the API URL ending in /api, ' +
    'e.g. https://app.threatconnect.com/api.',
  tls:
    "The ThreatConnect server's certificate is not trusted. Set request.ca in config/config.json to your CA " +
    'bundle (a path relative to the integration folder), or fix the certificate.',
  unreachable:
    'ThreatConnect could not be reached. Check the host and port in the URL, DNS on the Polarity server, and the ' +
    'proxy setting (request.proxy in config/config.json).',
  permission:
    'The API user is not allowed to do this. Check its role and the organizations, communities and sources it ' +
    'can see in ThreatConnect.',
  transient: 'ThreatConnect is busy or unavailable. Try again in a moment.',
  tooLong:
    'The request URL was too long for ThreatConnect or a proxy in front of it. Lower "Max Request URL Length".',
  dropped: 'Too many lookups are queued for ThreatConnect. Raise "Max Concurrent Requests" or try again.'
} as const;

/** Chooses the admin hint from the kind, the status and the message text (TC's own wording). */
export function helpFor(
  kind: TcErrorKind,
  status: number | undefined,
  message: string,
  code?: string
): string | undefined {
  const text = message.toLowerCase();
  if (/signature|timestamp|access denied|unauthori[sz]ed/.test(text) || kind === 'auth')
    return HELP.credentials;
  if (kind === 'unexpected-response') return HELP.url;
  if (kind === 'tls' || (code !== undefined && TLS_CODES.has(code))) return HELP.tls;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
    return HELP.unreachable;
  if (kind === 'permission') return HELP.permission;
  if (status === 414 || status === 431) return HELP.tooLong;
  if (kind === 'dropped') return HELP.dropped;
  if (kind === 'rate-limit' || kind === 'server' || kind === 'timeout') return HELP.transient;
  if (kind === 'network') return HELP.unreachable;
  return undefined;
}

/** Classifies a socket-level failure reported by the HTTP library. */
export function fromNetworkError(err: NodeJS.ErrnoException, request: string): TcError {
  const code = err.code ?? 'ENETWORK';
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') {
    return new TcError(`ThreatConnect did not answer in time (${code})`, {
      kind: 'timeout',
      code,
      request,
      cause: err
    });
  }
  if (TLS_CODES.has(code) || /certificate|ssl|tls/i.test(err.message)) {
    return new TcError(`TLS connection to ThreatConnect failed: ${err.message}`, {
      kind: 'tls',
      code,
      request,
      cause: err
    });
  }
  return new TcError(`Could not reach ThreatConnect: ${err.message}`, {
    kind: 'network',
    code,
    request,
    cause: err
  });
}

/** Maps an HTTP status (with TC's message, when there is one) to an error. */
export function fromStatus(
  status: number,
  message: string,
  request: string,
  retryAfterMs?: number,
  code?: string
): TcError {
  const kind: TcErrorKind =
    status === 401
      ? 'auth'
      : status === 403
        ? 'permission'
        : status === 404
          ? 'not-found'
          : status === 429
            ? 'rate-limit'
            : status >= 500
              ? 'server'
              : 'bad-request';
  return new TcError(`ThreatConnect returned ${status}: ${message}`, {
    kind,
    status,
    request,
    retryAfterMs,
    code
  });
}

export function isTcError(value: unknown): value is TcError {
  return value instanceof TcError;
}

/** Any thrown value as a TcError, so every failure reaching Polarity has one shape. */
export function toTcError(value: unknown): TcError {
  if (value instanceof TcError) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new TcError(`Unexpected error: ${message}`, { kind: 'internal', cause: value });
}
