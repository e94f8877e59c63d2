import { isIPv6 } from 'net';
import { isValidHost, type ReportProxyConfig } from './config';

/** The public path nginx routes to the proxy; the overlay builds download links on it. */
export const PUBLIC_DOWNLOAD_PATH = '/_int/threatconnect/download/';

/**
 * Where nginx should connect. A wildcard or `localhost` becomes a loopback literal: nginx resolves
 * a host name in a proxy_pass with variables only through a configured `resolver`.
 */
export function upstreamHost(host: string): string {
  if (host === '0.0.0.0' || host === '' || host === 'localhost') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return isIPv6(host) ? `[${host}]` : host;
}

/**
 * The nginx `location` block that exposes the proxy under the Polarity web server. Its pattern
 * only lets 128-character alphanumeric tokens through, so nothing else ever reaches the proxy.
 */
export function nginxLocationBlock(config: Pick<ReportProxyConfig, 'host' | 'port' | 'sslEnabled'>): string {
  // parseReportProxyConfig has checked both; checked again because this text goes into nginx's config.
  if (!isValidHost(config.host))
    throw new Error(`Refusing to write host ${JSON.stringify(config.host)} into nginx`);
  if (!Number.isInteger(config.port) || config.port < 1 || config.port > 65535) {
    throw new Error(`Refusing to write port ${JSON.stringify(config.port)} into nginx`);
  }
  const scheme = config.sslEnabled ? 'https' : 'http';
  return [
    `location ~ "^${PUBLIC_DOWNLOAD_PATH}([a-zA-Z0-9]{128})$" {`,
    '   proxy_set_header Host $host;',
    '   proxy_set_header X-Real-IP $remote_addr;',
    `   proxy_pass ${scheme}://${upstreamHost(config.host)}:${config.port}/download/$1;`,
    '}',
    ''
  ].join('\n');
}
