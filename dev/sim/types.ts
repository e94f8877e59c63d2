import type { Dataset } from './data/dataset';
import type { Behaviour } from './behaviour';

export interface SimUser {
  accessId: string;
  apiKey: string;
  /** Owner names this API user can see. The first Organization among them is the user's own org. */
  owners: string[];
  userName?: string;
}

export interface AuthStatus {
  signatureMismatch?: number;
  timestampOutOfRange?: number;
  invalidTimestamp?: number;
  accessDenied?: number;
}

export interface SimulatorOptions {
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 0 (random). */
  port?: number;
  /** Default: the demo users (DEMO_USER and LIMITED_USER). */
  users?: SimUser[];
  /** Default: createDemoDataset(). */
  dataset?: Dataset;
  /** Milliseconds clock for the ±300 s window, dates written and "today". Default Date.now. */
  now?: () => number;
  /** Added to every response. Default 0. */
  latencyMs?: number;
  /** Request-target bytes above which 414 is returned. Default 8192. */
  maxTargetLength?: number;
  /** Serve HTTPS when given. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Origin of webLink / next / prev links. Default `${scheme}://${host}` without the port, as real TC omits it. */
  linkOrigin?: string;
  /** HTTP status per auth failure; all default to 401 (reference §1.6, UNCONFIRMED). */
  authStatus?: AuthStatus;
  /** Called with each log entry once its request has been answered or reset (not for hung requests). */
  onAnswered?: (entry: RequestLogEntry) => void;
  /** The other UNCONFIRMED behaviours (reference §6); see behaviour.ts for the defaults. */
  behaviour?: Partial<Behaviour>;
}

/** Selects requests by method and by the raw path (no query); omitted parts match anything. */
export interface RouteMatcher {
  method?: string;
  path?: string | RegExp;
  /** Tested against the decoded query string. */
  query?: RegExp;
}

export type FaultKind = 'status' | 'html' | 'empty' | 'invalid-json' | 'reset' | 'hang';

export interface Fault extends RouteMatcher {
  /** How many requests it applies to; unlimited when omitted. */
  times?: number;
  kind: FaultKind;
  status?: number;
  headers?: Record<string, string>;
  /** Replaces the generated body: a string or Buffer as is, anything else as JSON. */
  body?: unknown;
  delayMs?: number;
}

export interface RequestLogEntry {
  method: string;
  /** The raw request target as received. */
  target: string;
  /** Decoded path without the query (the raw path when it cannot be decoded). */
  path: string;
  query: Record<string, string[]>;
  /** From the Authorization header, whether or not it verified. */
  accessId?: string;
  /** 0 until answered, and for reset / hung requests. */
  status: number;
  authOk: boolean;
  /** Simulator clock (`now()`) when the request arrived. */
  receivedAt: number;
  durationMs: number;
  /** Why authentication failed, in words, for debugging a client's signer. */
  authError?: string;
  /** The fault that answered, if any. */
  fault?: FaultKind;
}

export interface Simulator {
  /** Base API URL, e.g. 'http://127.0.0.1:43121/api'. */
  url: string;
  origin: string;
  port: number;
  /** Every request received, in order. */
  requests: RequestLogEntry[];
  resetLog(): void;
  /** Without a route: the global latency. With one: that route's latency, which replaces the global. */
  setLatency(ms: number, route?: RouteMatcher): void;
  setNow(now: () => number): void;
  /** Prepends a rule; the first matching rule wins. */
  addFault(fault: Fault): void;
  clearFaults(): void;
  dataset: Dataset;
  users: SimUser[];
  /** Closes the server and every open socket, hanging ones included. */
  close(): Promise<void>;
}
