import * as ipaddr from 'ipaddr.js';
import type { PolarityEntity } from './types/polarity';

/**
 * Builds the entity Polarity would send for a bare value, for the command line: Polarity
 * recognises the type itself, the CLI has to guess it the same way.
 */
export function entityFromValue(raw: string): PolarityEntity | undefined {
  const value = raw.trim();
  if (value === '') return undefined;
  const base = { value, displayValue: value };
  if (ipaddr.IPv4.isValidFourPartDecimal(value)) {
    return { ...base, type: 'IPv4', types: ['IP', 'IPv4'], isIP: true, isIPv4: true };
  }
  if (value.includes(':') && ipaddr.IPv6.isValid(value)) {
    return { ...base, type: 'IPv6', types: ['IP', 'IPv6'], isIP: true, isIPv6: true };
  }
  if (/^[0-9a-f]+$/i.test(value)) {
    const hashType = { 32: 'MD5', 40: 'SHA1', 64: 'SHA256' }[value.length];
    if (hashType) return { ...base, type: hashType, types: ['hash', hashType], isHash: true, hashType };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(value))
    return { ...base, type: 'url', types: ['url'], isURL: true };
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value))
    return { ...base, type: 'email', types: ['email'], isEmail: true };
  if (
    /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}\.?$/i.test(value) ||
    /^\S+\.\S+$/u.test(value)
  ) {
    if (!/[/?#]/.test(value)) return { ...base, type: 'domain', types: ['domain'], isDomain: true };
    return { ...base, type: 'url', types: ['url'], isURL: true };
  }
  return undefined;
}
