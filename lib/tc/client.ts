import type { IncomingMessage } from 'http';
import request from 'postman-request';
import Bottleneck from 'bottleneck';
import { buildTarget, targetFromLink, type QueryParams } from './encode';
import { signRequest, type Credentials } from './sign';
import { TcError, fromNetworkError, toTcError } from './errors';
import { describeUnexpected, parseEnvelope, type RawResponse } from './envelope';
import { MAX_ERROR_BODY_BYTES, bodyOf, readBounded, type TcStreamResponse } from './stream-body';
import { DEFAULT_RETRY_POLICY, retryDelay, type RetryPolicy } from './retry';
import { runtime } from '../runtime';
import { log } from '../logger';
import type { TransportDefaults } from './request-defaults';

type RequestOptions = request.RequestOptions;
type PostmanRequest = request.Request;

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
        return parseEnvelope<T>(raw, label);
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

  /**
   * The options every TC request is sent with: the signature over the exact target (made here,
   * inside the limiter, so a request that waited in the queue still carries a fresh timestamp),
   * the TLS and proxy defaults from config.json, the timeout and the injectable DNS lookup.
   */
  private requestOptions(method: HttpMethod, target: string, accept: string): RequestOptions {
    const t = this.options.transport;
    return {
      method,
      uri: this.origin + target,
      headers: {
        ...signRequest(target, method, this.options.credentials, runtime.now() / 1000),
        Accept: accept
      },
      timeout: this.options.timeoutMs,
      followRedirect: false,
      cert: t.cert,
      key: t.key,
      passphrase: t.passphrase,
      ca: t.ca,
      proxy: t.proxy,
      rejectUnauthorized: t.rejectUnauthorized,
      strictSSL: t.rejectUnauthorized,
      lookup: runtime.lookup
    };
  }

  /**
   * postman-request parses the URI with url.parse, which would silently escape characters we
   * failed to encode; refuse rather than send a target that differs from the signed one.
   */
  private targetMismatch(r: PostmanRequest, target: string, label: string): TcError | undefined {
    if (r.path === target || r.path.endsWith(target)) return undefined;
    return new TcError(`Refusing to send a request whose target differs from the signed one (${label})`, {
      kind: 'internal',
      request: label
    });
  }

  private timeoutError(label: string): TcError {
    return new TcError(`ThreatConnect did not answer within ${Math.round(this.options.timeoutMs / 1000)} s`, {
      kind: 'timeout',
      code: 'ETIMEDOUT',
      request: label
    });
  }

  private send(method: HttpMethod, target: string, body: unknown): Promise<RawResponse> {
    const label = `${method} ${target.split('?')[0]}`;
    const options = this.requestOptions(method, target, 'application/json');
    if (body !== undefined) {
      options.headers = { ...options.headers, 'Content-Type': 'application/json' };
      options.body = JSON.stringify(body);
    }
    options.gzip = true;
    return new Promise<RawResponse>((resolvePromise, reject) => {
      let settled = false;
      // postman-request's own timeout resets on every byte; this bounds the whole exchange. It is
      // armed first so every way out below can clear it.
      const deadline = setTimeout(() => {
        r.abort();
        finish(this.timeoutError(label));
      }, this.options.timeoutMs + 1000);
      const finish = (err: TcError | null, res?: RawResponse): void => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        if (err) reject(err);
        else resolvePromise(res as RawResponse);
      };
      const r = request(options, (err, res, resBody) => {
        if (err) return finish(fromNetworkError(err, label));
        const text =
          typeof resBody === 'string' ? resBody : Buffer.isBuffer(resBody) ? resBody.toString('utf8') : '';
        finish(null, { status: res.statusCode, headers: res.headers, body: text });
      });
      const mismatch = this.targetMismatch(r, target, label);
      if (mismatch) {
        r.abort();
        finish(mismatch);
      }
    });
  }

  /**
   * Sends a request whose answer is a file (reference §3.6: a group's PDF) and hands the body
   * over as a stream instead of buffering it. Target building, signing inside the limiter, the
   * transport defaults and the classification of failures are those of `json()`; a non-2xx
   * answer, or a JSON/HTML page where a file was expected, is read (bounded) and parsed into the
   * same TcError `json()` would throw. The limiter slot is held until TC's headers arrive, not for
   * the whole transfer, so a long download does not starve lookups. Not retried: the caller has
   * a user waiting and a fresh token costs one click.
   */
  async stream(req: TcRequest): Promise<TcStreamResponse> {
    const target = this.targetFor(req);
    const label = `${req.method} ${target.split('?')[0]}`;
    const opened = await this.schedule(() => this.open(req.method, target), label);
    const contentType = String(opened.headers['content-type'] ?? '');
    const ok = opened.status >= 200 && opened.status < 300;
    if (ok && !/json|html/i.test(contentType)) return opened;
    const body = await readBounded(opened.body, MAX_ERROR_BODY_BYTES);
    const raw: RawResponse = { status: opened.status, headers: opened.headers, body };
    parseEnvelope<unknown>(raw, label);
    // A 2xx TC envelope saying Success is still not the file that was asked for.
    throw new TcError(describeUnexpected(raw), {
      kind: 'unexpected-response',
      status: raw.status,
      request: label
    });
  }

  /** Sends a signed request and resolves with the response as soon as its headers arrive. */
  private open(method: HttpMethod, target: string): Promise<TcStreamResponse> {
    const label = `${method} ${target.split('?')[0]}`;
    const options = this.requestOptions(method, target, 'application/octet-stream');
    // Bytes pass through untouched: a PDF is already compressed, and TC's Content-Length stays true.
    options.gzip = false;
    return new Promise<TcStreamResponse>((resolvePromise, reject) => {
      let settled = false;
      // Bounds the wait for TC's headers; the body then has an idle timeout of its own.
      const deadline = setTimeout(() => fail(this.timeoutError(label)), this.options.timeoutMs + 1000);
      const r = request(options);
      const fail = (err: TcError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        r.abort();
        reject(err);
      };
      r.on('error', (err: NodeJS.ErrnoException) => fail(fromNetworkError(err, label)));
      const mismatch = this.targetMismatch(r, target, label);
      if (mismatch) return fail(mismatch);
      r.on('response', (response) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolvePromise({
          status: response.statusCode,
          headers: response.headers,
          // With gzip off, postman-request hands over Node's own response object.
          body: bodyOf(r, response as unknown as IncomingMessage, this.options.timeoutMs, label)
        });
      });
    });
  }
}
