import { TcError, fromStatus } from './errors';
import { runtime } from '../runtime';

/** A TC answer read whole: what `parseEnvelope` classifies. */
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

/** Checks TC's v2 (`Failure`) and v3 (`Error`, `errCode`) envelopes and the HTTP status. */
export function parseEnvelope<T>(raw: RawResponse, label: string): T {
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
    throw new TcError(describeUnexpected(raw), {
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
    throw fromStatus(raw.status, describeUnexpected(raw), label, retryAfterMs);
  }
  // 414 from TC or a proxy, 431 from servers that count the request line with the headers.
  if (raw.status === 414 || raw.status === 431) throw fromStatus(raw.status, 'Request too long', label);
  if (raw.status === 401 || raw.status === 403) {
    throw fromStatus(raw.status, describeUnexpected(raw), label);
  }
  throw new TcError(describeUnexpected(raw), {
    kind: 'unexpected-response',
    status: raw.status,
    request: label
  });
}

export function describeUnexpected(raw: RawResponse): string {
  if (raw.body.trim() === '') return `ThreatConnect answered ${raw.status} with an empty body`;
  if (looksLikeHtml(raw.body))
    return `ThreatConnect answered ${raw.status} with an HTML page instead of JSON`;
  return `ThreatConnect answered ${raw.status} without a ThreatConnect JSON envelope`;
}
