import request from 'postman-request';
import Bottleneck from 'bottleneck';
import { buildTarget, targetFromLink, type QueryParams } from './encode';
import { signRequest, type Credentials } from './sign';
import { TcError, fromNetworkError, fromStatus, toTcError } from './errors';
import { DEFAULT_RETRY_POLICY, retryDelay, type RetryPolicy } from './retry';
import { runtime } from '../runtime';
import { log } from '../logger';
import type { TransportDefaults } from './request-defaults';

export type HttpMethod = 'GET' | 'PUT' | 'POST';

/** A request to TC, described before it is encoded, signed and sent. */
export interface TcRequest {
  method: HttpMethod;
  /** Path segments after the base path, e.g. ['v3', 'indicators', 42]; each is encoded. */
  segments?: ReadonlyArray<string | number>;
  query?: QueryParams;
  /** An already-encoded target (path + query), e.g. taken from a `next` link. */
  target?: string;
  body?: unknown;
}

export interface TcClientOptions {
  /** Configured API URL, e.g. https://tc.example.test:8443/api */
  url: string;
  credentials: Credentials;
  transport: TransportDefaults;
  /** Looked up per request, so a limiter replaced after an options change is picked up. */
  limiter: () => Bottleneck;
  timeoutMs: number;
  retryPolicy?: RetryPolicy;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Parses Retry-After (seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === '') return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function looksLikeHtml(body: string): boolean {
  return /^\s*</.test(body);
}

/** The request path: every TC call is encoded, signed, limited, sent and parsed here. */
export class TcClient {
  readonly origin: string;
  readonly basePath: string;
  private readonly options: TcClientOptions;
  private readonly retryPolicy: RetryPolicy;

  constructor(options: TcClientOptions) {
    const parsed = new URL(options.url);
    this.origin = parsed.origin;
    this.basePath = parsed.pathname.replace(/\/+$/, '');
    this.options = options;
    this.retryPolicy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
  }

  /** The request target for a description: built once, then signed and sent unchanged. */
  targetFor(req: TcRequest): string {
    if (req.target !== undefined) return req.target;
    return buildTarget(this.basePath, req.segments ?? [], req.query ?? []);
  }

  /** A `next`/`prev` link as a target on the configured origin: TC may omit a custom port. */
  targetForLink(link: string): string {
    return targetFromLink(link);
  }

  /**
   * Sends a request through the Access ID's limiter and returns the parsed TC envelope.
   * Transient failures of idempotent requests are retried with backoff (see retry.ts); each
   * attempt goes through the limiter again and is signed afresh.
   */
  async json<T>(req: TcRequest): Promise<T> {
    const target = this.targetFor(req);
    const label = `${req.method} ${target.split('?')[0]}`;
    const started = runtime.now();
    for (let attempt = 1; ; attempt++) {
      try {
        const raw = await this.schedule(() => this.send(req.method, target, req.body), label);
        return this.parse<T>(raw, label);
      } catch (err) {
        const error = toTcError(err);
        const delay = retryDelay(
          req.method,
          error,
          attempt,
          runtime.now() - started,
          this.retryPolicy,
          runtime.random()
        );
        if (delay === undefined) throw error;
        log.debug(
          { request: label, attempt, delayMs: delay, kind: error.kind, status: error.status },
          'Retrying ThreatConnect request'
        );
        await runtime.sleep(delay);
      }
    }
  }

  /** Runs a job in the limiter; a job the full queue refuses becomes a transient `dropped` error. */
  private async schedule<R>(job: () => Promise<R>, label: string): Promise<R> {
    try {
      return await this.options.limiter().schedule(job);
    } catch (err) {
      if (err instanceof Bottleneck.BottleneckError) {
        throw new TcError(`Request not sent: ${err.message}`, {
          kind: 'dropped',
          request: label,
          cause: err
        });
      }
      throw err;
    }
  }

  private send(method: HttpMethod, target: string, body: unknown): Promise<RawResponse> {
    const label = `${method} ${target.split('?')[0]}`;
    // Signed inside the limiter so a request that waited in the queue still carries a fresh timestamp.
    const auth = signRequest(target, method, this.options.credentials, runtime.now() / 1000);
    const t = this.options.transport;
    const timeoutMs = this.options.timeoutMs;
    return new Promise<RawResponse>((resolvePromise, reject) => {
      let settled = false;
      const finish = (err: TcError | null, res?: RawResponse): void => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        if (err) reject(err);
        else resolvePromise(res as RawResponse);
      };
      const headers: Record<string, string> = { ...auth, Accept: 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const r = request(
        {
          method,
          uri: this.origin + target,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          timeout: timeoutMs,
          gzip: true,
          followRedirect: false,
          cert: t.cert,
          key: t.key,
          passphrase: t.passphrase,
          ca: t.ca,
          proxy: t.proxy,
          rejectUnauthorized: t.rejectUnauthorized,
          strictSSL: t.rejectUnauthorized,
          lookup: runtime.lookup
        },
        (err, res, resBody) => {
          if (err) return finish(fromNetworkError(err, label));
          const text =
            typeof resBody === 'string' ? resBody : Buffer.isBuffer(resBody) ? resBody.toString('utf8') : '';
          finish(null, { status: res.statusCode, headers: res.headers, body: text });
        }
      );
      // postman-request parses the URI with url.parse, which would silently escape characters we
      // failed to encode; refuse rather than send a target that differs from the signed one.
      if (r.path !== target && !r.path.endsWith(target)) {
        r.abort();
        finish(
          new TcError(`Refusing to send a request whose target differs from the signed one (${label})`, {
            kind: 'internal',
            request: label
          })
        );
      }
      // postman-request's own timeout resets on every byte; this bounds the whole exchange.
      const deadline = setTimeout(() => {
        r.abort();
        finish(
          new TcError(`ThreatConnect did not answer within ${Math.round(timeoutMs / 1000)} s`, {
            kind: 'timeout',
            code: 'ETIMEDOUT',
            request: label
          })
        );
      }, timeoutMs + 1000);
    });
  }

  /** Checks TC's v2 (`Failure`) and v3 (`Error`, `errCode`) envelopes and the HTTP status. */
  private parse<T>(raw: RawResponse, label: string): T {
    const retryAfterMs = parseRetryAfter(raw.headers['retry-after'], runtime.now());
    let json: unknown;
    let parsed = false;
    if (raw.body.trim() !== '' && !looksLikeHtml(raw.body)) {
      try {
        json = JSON.parse(raw.body);
        parsed = true;
      } catch {
        parsed = false;
      }
    }
    const envelope =
      parsed && json !== null && typeof json === 'object' ? (json as Record<string, unknown>) : undefined;
    const status = envelope?.status;
    const message = typeof envelope?.message === 'string' ? envelope.message : undefined;
    const errCode = typeof envelope?.errCode === 'string' ? envelope.errCode : undefined;

    if (raw.status >= 200 && raw.status < 300) {
      if (status === 'Success') return envelope as T;
      if (status === 'Error' || status === 'Failure') {
        throw fromStatus(400, message ?? 'request failed', label, undefined, errCode);
      }
      throw new TcError(this.describeUnexpected(raw), {
        kind: 'unexpected-response',
        status: raw.status,
        request: label
      });
    }
    if (message !== undefined && (status === 'Error' || status === 'Failure')) {
      throw fromStatus(raw.status, message, label, retryAfterMs, errCode);
    }
    // No TC envelope: a gateway, a proxy or a web server that is not the API answered.
    if (raw.status >= 500 || raw.status === 429) {
      throw fromStatus(raw.status, this.describeUnexpected(raw), label, retryAfterMs);
    }
    if (raw.status === 414) throw fromStatus(414, 'Request-URI Too Long', label);
    if (raw.status === 401 || raw.status === 403) {
      throw fromStatus(raw.status, this.describeUnexpected(raw), label);
    }
    throw new TcError(this.describeUnexpected(raw), {
      kind: 'unexpected-response',
      status: raw.status,
      request: label
    });
  }

  private describeUnexpected(raw: RawResponse): string {
    if (raw.body.trim() === '') return `ThreatConnect answered ${raw.status} with an empty body`;
    if (looksLikeHtml(raw.body))
      return `ThreatConnect answered ${raw.status} with an HTML page instead of JSON`;
    return `ThreatConnect answered ${raw.status} without a ThreatConnect JSON envelope`;
  }
}
