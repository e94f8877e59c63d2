import { createHmac, timingSafeEqual } from 'node:crypto';
import { percentDecode } from '../http/percent-decode';

export type AuthFailure = 'accessDenied' | 'invalidTimestamp' | 'timestampOutOfRange' | 'signatureMismatch';

/** TC's texts for each failure (reference §1.6, casing from the Java SDK's server-response classes). */
export const AUTH_MESSAGES: Readonly<Record<AuthFailure, string>> = {
  accessDenied: 'Access Denied',
  invalidTimestamp: 'Invalid timestamp',
  timestampOutOfRange: 'Timestamp out of acceptable time range',
  signatureMismatch: 'Signature data did not match expected result'
};

export interface AuthRequest {
  /** The request target exactly as received: path, `?`, query; nothing decoded or normalised. */
  target: string;
  method: string;
  authorization: string | undefined;
  timestamp: string | undefined;
}

export interface AuthContext {
  nowMs: number;
  toleranceSec: number;
  secretFor(accessId: string): string | undefined;
}

export type AuthResult =
  | { ok: true; accessId: string; signature: string; timestamp: number }
  | { ok: false; failure: AuthFailure; accessId?: string; detail: string };

const AUTHORIZATION = /^TC ([^\s:]+):(\S+)$/;

/** base64(HMAC-SHA256(secret as UTF-8, `${target}:${METHOD}:${timestamp}`)), reference §1.1. */
export function computeSignature(secret: string, target: string, method: string, timestamp: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(`${target}:${method}:${timestamp}`, 'utf8')
    .digest('base64');
}

/**
 * Verifies HMAC authentication as TC does (reference §1.4): the signature must cover the raw target the server
 * received, so a client that signs one encoding and sends another fails. `detail` names the likely mistake.
 */
export function verifySignature(request: AuthRequest, context: AuthContext): AuthResult {
  const match = request.authorization === undefined ? null : AUTHORIZATION.exec(request.authorization);
  if (!match) {
    return {
      ok: false,
      failure: 'accessDenied',
      detail: 'expected an "Authorization: TC <accessId>:<base64 signature>" header'
    };
  }
  const [, accessId, signature] = match;
  const secret = context.secretFor(accessId);
  if (secret === undefined)
    return { ok: false, failure: 'accessDenied', accessId, detail: `unknown access id ${accessId}` };

  const stamp = request.timestamp;
  if (stamp === undefined || !/^\d{1,15}$/.test(stamp)) {
    return {
      ok: false,
      failure: 'invalidTimestamp',
      accessId,
      detail: 'the Timestamp header must be Unix seconds'
    };
  }
  const timestamp = Number(stamp);
  const nowSec = Math.floor(context.nowMs / 1000);
  if (Math.abs(nowSec - timestamp) > context.toleranceSec) {
    const hint = stamp.length >= 13 ? ' (it looks like milliseconds)' : ' (check the clock)';
    return {
      ok: false,
      failure: 'timestampOutOfRange',
      accessId,
      detail: `Timestamp ${stamp} is ${timestamp - nowSec} s from server time ${nowSec}${hint}`
    };
  }

  const expected = computeSignature(secret, request.target, request.method, stamp);
  if (!constantTimeEqual(signature, expected)) {
    return {
      ok: false,
      failure: 'signatureMismatch',
      accessId,
      detail: mismatchHint(secret, request, stamp, signature)
    };
  }
  return { ok: true, accessId, signature, timestamp };
}

function constantTimeEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  // Compare equal-length buffers either way so the time taken does not reveal the expected length.
  return timingSafeEqual(a.length === b.length ? a : b, b) && a.length === b.length;
}

/** Tries the usual signer mistakes so the log says which one was made. */
function mismatchHint(secret: string, request: AuthRequest, stamp: string, signature: string): string {
  const expectedInput = `${request.target}:${request.method}:${stamp}`;
  const candidates: [string, string][] = [
    ['the decoded target', safeDecode(request.target)],
    ['the path without its query', request.target.split('?')[0]],
    ['the target without the /api prefix', request.target.replace(/^\/api(?=\/)/, '')]
  ];
  for (const [label, target] of candidates) {
    if (target !== request.target && computeSignature(secret, target, request.method, stamp) === signature) {
      return `the signature covers ${label}; sign the raw target as sent: "${expectedInput}"`;
    }
  }
  return `the signed string must be "${expectedInput}", keyed with the API secret as UTF-8`;
}

function safeDecode(target: string): string {
  try {
    return percentDecode(target, false);
  } catch {
    return target;
  }
}
