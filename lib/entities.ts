import * as ipaddr from 'ipaddr.js';
import { domainToASCII } from 'url';
import type { PolarityEntity } from './types/polarity';
import type { TcIndicatorType } from './types/details';

export type WorkingType = 'IPv4' | 'IPv6' | 'MD5' | 'SHA1' | 'SHA256' | 'email' | 'domain' | 'url';

/** File hashes are searched on the hash column TC keeps for their length (reference §3.2). */
export type HashField = 'value1' | 'value2' | 'value3';

const TC_TYPE: Record<WorkingType, TcIndicatorType> = {
  IPv4: 'Address',
  IPv6: 'Address',
  MD5: 'File',
  SHA1: 'File',
  SHA256: 'File',
  email: 'EmailAddress',
  domain: 'Host',
  url: 'URL'
};

const HASH: Record<'MD5' | 'SHA1' | 'SHA256', { length: number; field: HashField }> = {
  MD5: { length: 32, field: 'value1' },
  SHA1: { length: 40, field: 'value2' },
  SHA256: { length: 64, field: 'value3' }
};

/** A value as TC stores it, ready to search. */
export interface IndicatorRef {
  tcType: TcIndicatorType;
  /** The summary for Address/EmailAddress/Host/URL; the upper-case hash for File. */
  value: string;
  hashField?: HashField;
}

export type NormaliseOutcome =
  | { ok: true; workingType: WorkingType; ref: IndicatorRef }
  | { ok: false; reason: string };

const WORKING_TYPES = Object.keys(TC_TYPE) as WorkingType[];

function isWorkingType(value: unknown): value is WorkingType {
  return typeof value === 'string' && (WORKING_TYPES as string[]).includes(value);
}

/**
 * The type to search as. Some Polarity servers send `type: "string"` (or the umbrella types
 * `IP`/`hash`) for real IPs and hashes, so the specific type is taken from `types`, the
 * is* flags or `hashType` when `type` itself is not specific.
 */
export function workingTypeOf(entity: PolarityEntity): WorkingType | undefined {
  if (isWorkingType(entity.type)) return entity.type;
  const fromTypes = (Array.isArray(entity.types) ? entity.types : []).find(isWorkingType);
  if (fromTypes) return fromTypes;
  if (entity.isIPv4) return 'IPv4';
  if (entity.isIPv6) return 'IPv6';
  if (entity.isMD5 || entity.hashType === 'MD5') return 'MD5';
  if (entity.isSHA1 || entity.hashType === 'SHA1') return 'SHA1';
  if (entity.isSHA256 || entity.hashType === 'SHA256') return 'SHA256';
  if (entity.isEmail) return 'email';
  if (entity.isURL) return 'url';
  if (entity.isDomain) return 'domain';
  return undefined;
}

function normaliseHost(host: string): string | undefined {
  const trimmed = host.trim().replace(/\.$/, '').toLowerCase();
  if (trimmed === '') return undefined;
  // TC stores internationalised names as punycode (reference §1.3.9).
  const ascii = /^[\x21-\x7e]+$/.test(trimmed) ? trimmed : domainToASCII(trimmed);
  return ascii === '' ? undefined : ascii;
}

function normaliseUrl(value: string): string | undefined {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)?([^/?#]*)(.*)$/is.exec(value.trim());
  if (!match) return undefined;
  const [, scheme = '', authority, rest] = match;
  // Only the host is case-insensitive; user info, path and query keep their case.
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at + 1) : '';
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  const portMatch = /^(.*?)(:\d*)?$/.exec(hostPort) as RegExpExecArray;
  const host = hostPort.startsWith('[') ? hostPort.toLowerCase() : normaliseHost(portMatch[1]);
  if (host === undefined) return undefined;
  const port = hostPort.startsWith('[') ? '' : (portMatch[2] ?? '');
  return scheme.toLowerCase() + userinfo + host + port + rest;
}

/** A lone surrogate cannot be percent-encoded, so no request could carry it. */
function isWellFormed(value: string): boolean {
  try {
    encodeURIComponent(value);
    return true;
  } catch {
    return false;
  }
}

/** Brings a value into the form TC stores it (reference §1.3), without touching the entity. */
export function normaliseEntity(entity: PolarityEntity): NormaliseOutcome {
  // Polarity sends well-formed entities; anything else is skipped rather than failing the batch.
  if (!entity || typeof entity !== 'object') return { ok: false, reason: 'not an entity object' };
  const workingType = workingTypeOf(entity);
  if (!workingType) return { ok: false, reason: `unsupported entity type "${String(entity.type)}"` };
  if (typeof entity.value !== 'string' || entity.value.trim() === '')
    return { ok: false, reason: 'empty value' };
  const raw = entity.value.trim();
  if (!isWellFormed(raw)) return { ok: false, reason: 'value is not well-formed Unicode' };
  const tcType = TC_TYPE[workingType];
  switch (workingType) {
    case 'IPv4':
      if (!ipaddr.IPv4.isValidFourPartDecimal(raw)) return { ok: false, reason: 'invalid IPv4 address' };
      return { ok: true, workingType, ref: { tcType, value: ipaddr.IPv4.parse(raw).toString() } };
    case 'IPv6': {
      // TC matches IPv6 only lower case, without leading zeros and without `::` (reference §1.3.8).
      if (!ipaddr.IPv6.isValid(raw) || raw.includes('%'))
        return { ok: false, reason: 'invalid IPv6 address' };
      return { ok: true, workingType, ref: { tcType, value: ipaddr.IPv6.parse(raw).toNormalizedString() } };
    }
    case 'MD5':
    case 'SHA1':
    case 'SHA256': {
      const { length, field } = HASH[workingType];
      if (raw.length !== length || !/^[0-9a-f]+$/i.test(raw))
        return { ok: false, reason: `invalid ${workingType}` };
      return { ok: true, workingType, ref: { tcType, value: raw.toUpperCase(), hashField: field } };
    }
    case 'domain': {
      const host = normaliseHost(raw);
      return host
        ? { ok: true, workingType, ref: { tcType, value: host } }
        : { ok: false, reason: 'invalid domain' };
    }
    case 'email': {
      const at = raw.lastIndexOf('@');
      if (at <= 0 || at === raw.length - 1) return { ok: false, reason: 'invalid email address' };
      const host = normaliseHost(raw.slice(at + 1));
      if (!host) return { ok: false, reason: 'invalid email address' };
      return { ok: true, workingType, ref: { tcType, value: raw.slice(0, at + 1) + host } };
    }
    case 'url': {
      const url = normaliseUrl(raw);
      return url
        ? { ok: true, workingType, ref: { tcType, value: url } }
        : { ok: false, reason: 'invalid URL' };
    }
  }
}

/** The key under which a TC indicator and a searched ref meet. Hashes compare case-insensitively. */
export function refKey(ref: IndicatorRef): string {
  return `${ref.tcType}|${ref.tcType === 'File' ? ref.value.toUpperCase() : ref.value}`;
}
