/**
 * Shared by the report proxy tests: an HTTP(S) getter that tells a complete body from one whose
 * connection broke off, a free-port finder, and proxy configs.
 */
import http from 'node:http';
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { REPORT_PROXY_DEFAULTS, type ReportProxyConfig } from '../../lib/report-proxy/config';

export interface Fetched {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** False when the connection closed before the whole response arrived. */
  complete: boolean;
}

export function fetchUrl(
  url: string,
  options: { method?: string; ca?: string | Buffer } = {}
): Promise<Fetched> {
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      target,
      { method: options.method ?? 'GET', agent: false, ca: options.ca },
      (res) => {
        const chunks: Buffer[] = [];
        let settled = false;
        const done = (): void => {
          if (settled) return;
          settled = true;
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            complete: res.complete
          });
        };
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', done);
        res.on('error', done);
        res.on('close', done);
      }
    );
    req.on('error', reject);
    req.end();
  });
}

export { freePort } from '../helpers/processes';

export function proxyConfig(overrides: Partial<ReportProxyConfig> = {}): ReportProxyConfig {
  return { ...REPORT_PROXY_DEFAULTS, enabled: true, port: 0, ...overrides };
}

/** The security headers every proxy response carries. */
export const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer'
};
