import { readFileSync } from 'fs';
import { isIP } from 'net';
import { isAbsolute, resolve } from 'path';
import { INTEGRATION_ROOT } from '../context';
import { TcError } from '../tc/errors';

/** config/report-proxy-server.json, as the original product shipped it. */
export interface ReportProxyConfig {
  enabled: boolean;
  port: number;
  /** Address to listen on. Loopback by default: nginx on the same machine is the only intended client. */
  host: string;
  /** Seconds a download token stays valid. */
  downloadTokenDuration: number;
  sslEnabled: boolean;
  /** PEM paths, relative to the integration folder unless absolute. */
  sslPrivateKey: string;
  sslCert: string;
}

export const REPORT_PROXY_DEFAULTS: Readonly<ReportProxyConfig> = Object.freeze({
  enabled: false,
  port: 9876,
  host: '127.0.0.1',
  downloadTokenDuration: 30,
  sslEnabled: false,
  sslPrivateKey: '',
  sslCert: ''
});

export const REPORT_PROXY_CONFIG_PATH = resolve(INTEGRATION_ROOT, 'config', 'report-proxy-server.json');

/** A token that outlives a day is a standing credential, not a download link. */
const MAX_TOKEN_SECONDS = 24 * 60 * 60;

function configError(message: string, path: string, code?: string): TcError {
  return new TcError(message, {
    kind: 'config',
    code,
    help: `Correct ${path} and restart the ThreatConnect integration.`
  });
}

/** One DNS label: letters, digits and inner hyphens, at most 63 characters (RFC 1123). */
const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * An IPv4 or IPv6 literal (no brackets, no zone id) or a DNS host name. The host is written into
 * nginx's proxy_pass by `npm run nginx-conf`, so nothing else may get through: a `;`, a blank or a
 * brace would let the file add nginx directives of its own.
 */
export function isValidHost(host: string): boolean {
  if (isIP(host) !== 0) return !host.includes('%');
  return host.length <= 253 && host.split('.').every((label) => HOST_LABEL.test(label));
}

const HOST_EXPECTED =
  'an IPv4 or IPv6 address or a host name (letters, digits, hyphens and dots), such as 127.0.0.1';

/** Fills defaults and checks every field; all problems are reported at once so one restart fixes them. */
export function parseReportProxyConfig(raw: unknown, path = REPORT_PROXY_CONFIG_PATH): ReportProxyConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw configError('The report proxy configuration must be a JSON object', path);
  }
  const r = raw as Record<string, unknown>;
  const problems: string[] = [];
  const pick = <T>(key: keyof ReportProxyConfig, ok: (v: unknown) => boolean, expected: string): T => {
    const value = r[key];
    if (value === undefined) return REPORT_PROXY_DEFAULTS[key] as T;
    if (!ok(value)) problems.push(`${key} must be ${expected}`);
    return value as T;
  };
  const isBool = (v: unknown) => typeof v === 'boolean';
  const isString = (v: unknown) => typeof v === 'string';
  const config: ReportProxyConfig = {
    enabled: pick('enabled', isBool, 'true or false'),
    port: pick(
      'port',
      (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 65535,
      'a port number'
    ),
    host: pick('host', (v) => isString(v) && isValidHost((v as string).trim()), HOST_EXPECTED),
    downloadTokenDuration: pick(
      'downloadTokenDuration',
      (v) => typeof v === 'number' && v > 0 && v <= MAX_TOKEN_SECONDS,
      `a number of seconds between 1 and ${MAX_TOKEN_SECONDS}`
    ),
    sslEnabled: pick('sslEnabled', isBool, 'true or false'),
    sslPrivateKey: pick('sslPrivateKey', isString, 'a file path'),
    sslCert: pick('sslCert', isString, 'a file path')
  };
  if (typeof config.host === 'string') config.host = config.host.trim();
  if (problems.length === 0 && config.sslEnabled && (config.sslPrivateKey === '' || config.sslCert === '')) {
    problems.push('sslPrivateKey and sslCert are required when sslEnabled is true');
  }
  if (problems.length > 0) {
    throw configError(`The report proxy configuration is invalid: ${problems.join('; ')}`, path);
  }
  return config;
}

export interface ReadConfigOptions {
  /**
   * What a missing file means. By default the proxy is off, as it is when the shipped file is
   * absent; with `mustExist` it is an error (code ENOENT), for a path someone named explicitly.
   */
  mustExist?: boolean;
}

/** Reads the file; a missing file means the proxy is off, as it is by default. */
export function readReportProxyConfig(
  path = REPORT_PROXY_CONFIG_PATH,
  options: ReadConfigOptions = {}
): ReportProxyConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      if (options.mustExist) throw configError(`${path} does not exist`, path, 'ENOENT');
      return { ...REPORT_PROXY_DEFAULTS };
    }
    throw configError(`${path} could not be read: ${(err as Error).message}`, path);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw configError(`${path} is not valid JSON: ${(err as Error).message}`, path);
  }
  return parseReportProxyConfig(raw, path);
}

/** Key and certificate for HTTPS, read once at start; paths are relative to the integration folder. */
export function readTlsFiles(
  config: ReportProxyConfig,
  root = INTEGRATION_ROOT
): { key: Buffer; cert: Buffer } {
  const read = (field: 'sslPrivateKey' | 'sslCert'): Buffer => {
    const path = isAbsolute(config[field]) ? config[field] : resolve(root, config[field]);
    try {
      return readFileSync(path);
    } catch (err) {
      throw new TcError(
        `report-proxy-server.json ${field} could not be read from ${path}: ${(err as Error).message}`,
        {
          kind: 'config',
          help: `Paths in report-proxy-server.json are relative to the integration folder (${root}).`
        }
      );
    }
  };
  return { key: read('sslPrivateKey'), cert: read('sslCert') };
}
