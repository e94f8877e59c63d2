import { createHmac } from 'crypto';

/**
 * ThreatConnect's HMAC scheme (reference §1.1):
 *   Authorization: TC <accessId>:base64(HMAC-SHA256(apiKey, "<target>:<METHOD>:<timestamp>"))
 *   Timestamp: <unix seconds>
 * The key is the API key's UTF-8 bytes as typed: it is never trimmed, decoded or base64-read,
 * since keys routinely contain `$`, `+`, `/` and `=`.
 *
 * Known answers (reference §5.2, apiKey "SECRET_KEY_EXAMPLE"):
 *   "/api/v2/owners:GET:1513703787" → "1/q6IcHmlUmjT1QoHrWnp6k9UUOQJM0CpbDQ0dSAYDQ="
 *   "/api/v3/indicators/4:PUT:1513703787" → "PTkFc4/Rjvq85w2XShHV9ifH9ibF7H9LGictMl24uS8="
 */

export interface Credentials {
  accessId: string;
  apiKey: string;
}

export function computeSignature(target: string, method: string, timestamp: number, apiKey: string): string {
  return createHmac('sha256', Buffer.from(apiKey, 'utf8'))
    .update(`${target}:${method.toUpperCase()}:${timestamp}`, 'utf8')
    .digest('base64');
}

export interface AuthHeaders {
  Authorization: string;
  Timestamp: string;
}

/** Signs the final request target; call again for every attempt so each carries a fresh timestamp. */
export function signRequest(
  target: string,
  method: string,
  credentials: Credentials,
  nowSeconds: number
): AuthHeaders {
  const timestamp = Math.floor(nowSeconds);
  return {
    Authorization: `TC ${credentials.accessId}:${computeSignature(target, method, timestamp, credentials.apiKey)}`,
    Timestamp: String(timestamp)
  };
}
