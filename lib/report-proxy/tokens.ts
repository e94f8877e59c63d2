import { randomBytes } from 'crypto';
import NodeCache from 'node-cache';
import type { TcClient } from '../tc/client';
import { TcError } from '../tc/errors';
import { runtime } from '../runtime';
import { parseTcId } from '../tc-id';

/** 64 random bytes as lowercase hex: the only shape a token ever has. */
export const TOKEN_PATTERN = /^[0-9a-f]{128}$/;
const TOKEN_BYTES = 64;

/** What a token lets its bearer do, once: fetch one group's PDF as the user who asked for it. */
export interface DownloadGrant {
  groupId: number;
  /** The group's name in TC when the token was issued: the file name if TC's download names none. */
  groupName?: string;
  /** Signs with the requesting user's URL, Access ID and API key; held in memory only. */
  client: TcClient;
  /** For the audit log line; never a credential. */
  username: string;
}

export interface TokenStoreOptions {
  ttlSeconds: number;
  /** Milliseconds clock deciding expiry (default: the integration's runtime clock), so tests need not sleep. */
  now?: () => number;
  /** Refuse new tokens beyond this many unexpired ones, so a runaway client cannot grow memory. */
  maxTokens?: number;
}

interface Entry<G> {
  grant: G;
  expiresAt: number;
}

/**
 * Single-use, short-lived download tokens. Expiry is decided by `now()` against each token's own
 * deadline; node-cache's TTL only reclaims the memory of tokens nobody used.
 */
export class DownloadTokenStore<G extends { groupId: number } = DownloadGrant> {
  private readonly cache: NodeCache;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: TokenStoreOptions) {
    this.ttlMs = options.ttlSeconds * 1000;
    this.now = options.now ?? (() => runtime.now());
    this.cache = new NodeCache({
      // A little longer than the validity, so an entry is never dropped before `take` can see it expired.
      stdTTL: Math.ceil(options.ttlSeconds) + 5,
      checkperiod: 60,
      useClones: false,
      maxKeys: options.maxTokens ?? 10000
    });
  }

  issue(grant: G): string {
    if (typeof grant.groupId !== 'number' || parseTcId(grant.groupId) === undefined) {
      throw new TcError('groupId must be a positive integer', { kind: 'invalid-input', status: 400 });
    }
    const token = randomBytes(TOKEN_BYTES).toString('hex');
    const entry: Entry<G> = { grant, expiresAt: this.now() + this.ttlMs };
    try {
      this.cache.set(token, entry);
    } catch {
      // node-cache throws only when maxKeys is reached.
      throw new TcError('Too many report downloads are pending. Try again in a moment.', {
        kind: 'dropped',
        help: 'Download tokens expire after downloadTokenDuration seconds; retry once some have.'
      });
    }
    return token;
  }

  /**
   * The grant of a valid token, removing the token in the same synchronous step so a second
   * request with it, however close, finds nothing. Malformed, unknown, used and expired tokens
   * are indistinguishable to the caller: all are `undefined`.
   */
  take(token: unknown): G | undefined {
    if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return undefined;
    const entry = this.cache.take<Entry<G>>(token);
    if (!entry || this.now() >= entry.expiresAt) return undefined;
    return entry.grant;
  }

  /** Drops every token (their credentials with them) and stops node-cache's sweep timer. */
  close(): void {
    this.cache.flushAll();
    this.cache.close();
  }
}
