/**
 * A minimal signing HTTP client for the simulator tests, written with node:crypto and node:http(s) only so the
 * tests check the simulator against an independent signer rather than against its own code.
 */
import { createHmac } from 'node:crypto';
import http, { IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { Simulator, SimUser } from '../../dev/sim';

export interface Credentials {
  accessId: string;
  apiKey: string;
}

export interface CallOptions {
  body?: string | object;
  user?: Credentials;
  /** Timestamp header value; default: now in seconds from `nowMs` or the real clock. */
  timestamp?: string | number;
  nowMs?: number;
  /** Sign this target instead of the one sent, to provoke mismatches. */
  signTarget?: string;
  /** Send this signature as is. */
  signature?: string;
  /** Leave out Authorization and Timestamp. */
  unsigned?: boolean;
  headers?: Record<string, string>;
  ca?: string | Buffer;
  timeoutMs?: number;
}

export interface Response {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

export function hmac(secret: string, target: string, method: string, timestamp: string | number): string {
  return createHmac('sha256', secret).update(`${target}:${method}:${timestamp}`).digest('base64');
}

/** Sends `method target` to the simulator, signed like a TC client. `target` is sent byte for byte. */
export function call(
  sim: Pick<Simulator, 'origin'>,
  method: string,
  target: string,
  options: CallOptions = {}
): Promise<Response> {
  const user = options.user ?? { accessId: 'demo-access-id', apiKey: 'demo$$Secret+/Key==' };
  const timestamp = String(options.timestamp ?? Math.floor((options.nowMs ?? Date.now()) / 1000));
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (!options.unsigned) {
    const signature = options.signature ?? hmac(user.apiKey, options.signTarget ?? target, method, timestamp);
    headers.Authorization = `TC ${user.accessId}:${signature}`;
    headers.Timestamp = timestamp;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(body));
  }
  const url = new URL(sim.origin);
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: target,
        headers,
        agent: false,
        ca: options.ca
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const buffer = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: buffer,
            text: buffer.toString('utf8')
          });
        });
        res.on('error', reject);
      }
    );
    if (options.timeoutMs !== undefined) {
      req.setTimeout(options.timeoutMs, () => req.destroy(new Error('client timeout')));
    }
    req.on('error', reject);
    req.end(body);
  });
}

/** Parses a JSON response body as T; the tests then assert its parts. */
export function json<T = V3Envelope>(response: Response): T {
  return JSON.parse(response.text) as T;
}

/** Strict RFC 3986 encoding, as the client is meant to send values (reference §1.3.2). */
export function strictEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
  );
}

export interface V3Envelope {
  status: string;
  message?: string;
  errCode?: string;
}

export interface V3Indicator {
  id: number;
  ownerId: number;
  ownerName: string;
  type: string;
  summary: string;
  webLink: string;
  active: boolean;
  rating?: number;
  confidence?: number;
  description?: string;
  [field: string]: unknown;
}

export interface V3List extends V3Envelope {
  data: V3Indicator[];
  count?: number;
  next?: string;
  prev?: string;
}

export interface V3Single extends V3Envelope {
  data: V3Indicator;
}

export interface DataList<T> {
  data: T[];
}

export const VECTOR_USER: SimUser = {
  accessId: '12345678901234567890',
  apiKey: 'SECRET_KEY_EXAMPLE',
  owners: ['Demo Organization']
};

/** `/api/v3/indicators?tql=<strictly encoded>&...` */
export function searchTarget(tql: string, extra = ''): string {
  return `/api/v3/indicators?tql=${strictEncode(tql)}${extra}`;
}
