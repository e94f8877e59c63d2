/**
 * Last line of defence against leaking credentials: every log line and every error detail
 * passes through `redact`. Secrets are registered when settings are read (the API key) and
 * when request defaults are loaded (proxy passwords, TLS passphrase).
 */

const secrets = new Set<string>();

/** Secrets shorter than this are not scrubbed: replacing "a" everywhere would garble logs. */
const MIN_SECRET_LENGTH = 4;

export function registerSecret(secret: unknown): void {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) return;
  secrets.add(secret);
  // A server may echo the key back as it appeared in a URL.
  try {
    secrets.add(encodeURIComponent(secret));
  } catch {
    // Not encodable, so it cannot appear encoded either.
  }
}

const AUTH_HEADER = /\bTC(-Token)?\s+[^\s:"']+:[A-Za-z0-9+/=]+/g;
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@"']+:[^/\s@"']*@/gi;

export function redact(text: string): string {
  let out = text.replace(AUTH_HEADER, 'TC [REDACTED]').replace(URL_USERINFO, '$1[REDACTED]@');
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join('[REDACTED]');
  }
  return out;
}

function errorToPlain(value: Error): Record<string, unknown> {
  const plain: Record<string, unknown> = { name: value.name, message: value.message, stack: value.stack };
  for (const key of Object.keys(value)) plain[key] = (value as unknown as Record<string, unknown>)[key];
  return plain;
}

/** Deep copy with every string redacted; Errors become plain objects so nothing hides in them. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Error) return redactValue(errorToPlain(value), depth + 1);
  if (Buffer.isBuffer(value)) return `<Buffer ${value.length} bytes>`;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    out[key] = /^(authorization|apikey|api_key|passphrase|password)$/i.test(key)
      ? '[REDACTED]'
      : redactValue(v, depth + 1);
  }
  return out;
}
