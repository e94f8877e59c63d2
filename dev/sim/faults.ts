import { errorForStatus } from './envelopes';
import { HttpReply, Reply } from './http/reply';
import { matchesRoute } from './route-matcher';
import type { Fault } from './types';

/** A login page, as a proxy or SSO gateway in front of TC would serve instead of JSON. */
const LOGIN_PAGE = `<!DOCTYPE html>
<html><head><title>ThreatConnect | Sign In</title></head>
<body><form method="post" action="/auth/login"><input name="username"><input name="password" type="password">
<button type="submit">Sign In</button></form></body></html>
`;

/** Cut off mid-object, as a proxy that drops the connection after the headers would leave it. */
const TRUNCATED_JSON = '{"data":[{"id":10001,"ownerId":1,"ownerName":"Demo Organiz';

/**
 * Injected failures, checked before anything else so they can stand in for a gateway in front of TC. Rules are
 * prepended: the newest matching rule answers, and `times` counts down to its removal.
 */
export class FaultList {
  private rules: { fault: Fault; remaining: number }[] = [];

  add(fault: Fault): void {
    this.rules.unshift({ fault: { ...fault }, remaining: fault.times ?? Infinity });
  }

  clear(): void {
    this.rules = [];
  }

  /** The reply of the first matching rule, consuming one of its uses. */
  take(method: string, rawPath: string, rawQuery = ''): { fault: Fault; reply: Reply } | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && matchesRoute(r.fault, method, rawPath, rawQuery));
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return { fault: rule.fault, reply: faultReply(rule.fault, rawPath) };
  }
}

function faultReply(fault: Fault, rawPath: string): Reply {
  const delayMs = fault.delayMs ?? 0;
  const headers = fault.headers ?? {};
  const withBody = (status: number, contentType: string, fallback: string | HttpReply): HttpReply => {
    const base: HttpReply =
      typeof fallback === 'string'
        ? {
            kind: 'http',
            status,
            headers: { 'Content-Type': contentType },
            body: Buffer.from(fallback, 'utf8')
          }
        : fallback;
    const body = fault.body === undefined ? base.body : toBuffer(fault.body);
    return { ...base, status, headers: { ...base.headers, ...headers }, body, delayMs };
  };
  switch (fault.kind) {
    case 'status': {
      const status = fault.status ?? 500;
      return withBody(status, 'application/json', errorForStatus(rawPath, status));
    }
    case 'html':
      return withBody(fault.status ?? 200, 'text/html; charset=utf-8', LOGIN_PAGE);
    case 'empty':
      return withBody(fault.status ?? 200, 'application/json', '');
    case 'invalid-json':
      return withBody(fault.status ?? 200, 'application/json', TRUNCATED_JSON);
    case 'reset':
    case 'hang':
      return { kind: fault.kind, delayMs };
  }
}

function toBuffer(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
}
