import { readFileSync } from 'fs';
import { isAbsolute, resolve } from 'path';
import { registerSecret } from '../redact';
import { TcError } from './errors';

/** The `request` block of config/config.json (reference polarity-framework.md §1.7). */
export interface ConfigRequestBlock {
  cert?: string;
  key?: string;
  passphrase?: string;
  ca?: string;
  proxy?: string;
  rejectUnauthorized?: boolean;
}

/** TLS and proxy options handed to postman-request for every TC request. */
export interface TransportDefaults {
  cert?: Buffer;
  key?: Buffer;
  passphrase?: string;
  ca?: Buffer;
  proxy?: string;
  /** Verification stays on unless config.json explicitly says `"rejectUnauthorized": false`. */
  rejectUnauthorized: boolean;
}

function readPem(root: string, field: string, file: string | undefined): Buffer | undefined {
  if (typeof file !== 'string' || file.trim() === '') return undefined;
  const path = isAbsolute(file) ? file : resolve(root, file);
  try {
    return readFileSync(path);
  } catch (err) {
    throw new TcError(
      `config.json request.${field} could not be read from ${path}: ${(err as Error).message}`,
      {
        kind: 'config',
        help: `Paths in config.json are relative to the integration folder (${root}).`
      }
    );
  }
}

/**
 * Reads the `request` block once at startup. File paths are relative to the integration root,
 * as Polarity documents, and an unreadable file is a startup error rather than a silent
 * fallback to no client certificate.
 */
export function loadTransportDefaults(
  block: ConfigRequestBlock | undefined,
  root: string
): TransportDefaults {
  const b = block ?? {};
  const defaults: TransportDefaults = { rejectUnauthorized: b.rejectUnauthorized !== false };
  const cert = readPem(root, 'cert', b.cert);
  const key = readPem(root, 'key', b.key);
  const ca = readPem(root, 'ca', b.ca);
  if (cert) defaults.cert = cert;
  if (key) defaults.key = key;
  if (ca) defaults.ca = ca;
  if (typeof b.passphrase === 'string' && b.passphrase !== '') {
    defaults.passphrase = b.passphrase;
    registerSecret(b.passphrase);
  }
  if (typeof b.proxy === 'string' && b.proxy.trim() !== '') {
    defaults.proxy = b.proxy.trim();
    const password = /^[a-z][a-z0-9+.-]*:\/\/[^/:@]+:([^/@]+)@/i.exec(defaults.proxy)?.[1];
    if (password) registerSecret(password);
  }
  return defaults;
}
