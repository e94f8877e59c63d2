import http, { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { AUTH_MESSAGES, AuthFailure, verifySignature } from './auth/verify-signature';
import { Behaviour, DEFAULT_BEHAVIOUR } from './behaviour';
import { createDemoDataset, DEMO_USER, LIMITED_USER } from './data/demo-dataset';
import { errorForStatus, isV2Path, v2Failure, v3Error } from './envelopes';
import { FaultList } from './faults';
import { DecodeError } from './http/percent-decode';
import { Reply, bytesReply } from './http/reply';
import { describeTarget, ParsedTarget, parseTarget } from './http/request-target';
import { matchesRoute } from './route-matcher';
import { findRoute } from './router';
import { ROUTES } from './routes';
import { SimState } from './state';
import type {
  AuthStatus,
  RequestLogEntry,
  RouteMatcher,
  Simulator,
  SimulatorOptions,
  SimUser
} from './types';

const DEFAULT_MAX_TARGET_LENGTH = 8192;
/** Bodies are small JSON documents; anything bigger is a client bug, not a load test. */
const MAX_BODY_BYTES = 1024 * 1024;

/** As a front proxy (nginx) would answer an over-long request line: HTML, not TC JSON. */
const URI_TOO_LONG_PAGE =
  '<html>\r\n<head><title>414 Request-URI Too Large</title></head>\r\n<body>\r\n<center><h1>414 Request-URI Too Large</h1></center>\r\n</body>\r\n</html>\r\n';

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  const scheme = options.tls ? 'https' : 'http';
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const maxTargetLength = options.maxTargetLength ?? DEFAULT_MAX_TARGET_LENGTH;
  const behaviour: Behaviour = { ...DEFAULT_BEHAVIOUR, ...options.behaviour };
  const authStatus: Required<AuthStatus> = {
    signatureMismatch: 401,
    timestampOutOfRange: 401,
    invalidTimestamp: 401,
    accessDenied: 401,
    ...options.authStatus
  };
  const state: SimState = {
    dataset: options.dataset ?? createDemoDataset(),
    users: options.users ?? [DEMO_USER, LIMITED_USER],
    now: options.now ?? Date.now,
    behaviour,
    // Real TC writes links without a custom port, so a client must not trust the link's origin blindly.
    linkOrigin: (options.linkOrigin ?? `${scheme}://${urlHost}`).replace(/\/+$/, '')
  };

  const requests: RequestLogEntry[] = [];
  const faults = new FaultList();
  let globalLatency = options.latencyMs ?? 0;
  const routeLatency: { matcher: RouteMatcher; ms: number }[] = [];
  const seenSignatures = new Map<string, number>();
  const sockets = new Set<Socket>();
  const stopping = new AbortController();

  const latencyFor = (method: string, rawPath: string): number =>
    routeLatency.find((rule) => matchesRoute(rule.matcher, method, rawPath))?.ms ?? globalLatency;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    const rawPath = target.split('?')[0];
    const authorization = header(req, 'authorization');
    const entry: RequestLogEntry = {
      method,
      target,
      ...describeTarget(target, behaviour.pathPlusIsSpace),
      status: 0,
      authOk: false,
      receivedAt: state.now(),
      durationMs: 0
    };
    const claimedId = /^TC ([^\s:]+):/.exec(authorization ?? '')?.[1];
    if (claimedId !== undefined) entry.accessId = claimedId;
    requests.push(entry);

    const body = await readBody(req);
    const reply = await answer(
      method,
      target,
      rawPath,
      body,
      authorization,
      header(req, 'timestamp'),
      entry
    ).catch((error: unknown) => {
      console.error('[tc-sim] handler failed', error);
      return errorForStatus(rawPath, 500);
    });

    if (reply.kind === 'hang') return; // Left open until the client gives up or close() destroys the socket.
    const delay = latencyFor(method, rawPath) + (reply.delayMs ?? 0);
    if (delay > 0 && !(await sleep(delay, stopping.signal))) return;
    entry.durationMs = performance.now() - started;
    if (reply.kind !== 'http') {
      req.socket.destroy(); // 'reset'
    } else {
      entry.status = reply.status;
      if (!res.destroyed) {
        res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(reply.body.length) });
        res.end(reply.body);
      }
    }
    options.onAnswered?.(entry);
  }

  /** The request pipeline; each step may answer, in the order a gateway and then TC would. */
  async function answer(
    method: string,
    target: string,
    rawPath: string,
    body: Buffer | 'too-large',
    authorization: string | undefined,
    timestamp: string | undefined,
    entry: RequestLogEntry
  ): Promise<Reply> {
    const fault = faults.take(method, rawPath, target.slice(rawPath.length + 1));
    if (fault) {
      entry.fault = fault.fault.kind;
      return fault.reply;
    }
    if (Buffer.byteLength(target, 'utf8') > maxTargetLength) {
      return bytesReply(414, URI_TOO_LONG_PAGE, 'text/html');
    }
    if (body === 'too-large') {
      return errorForStatus(rawPath, 413, `The request body exceeds ${MAX_BODY_BYTES} bytes.`);
    }

    const auth = verifySignature(
      { target, method, authorization, timestamp },
      {
        nowMs: state.now(),
        toleranceSec: behaviour.timestampToleranceSec,
        secretFor: (id) => state.users.find((u) => u.accessId === id)?.apiKey
      }
    );
    if (!auth.ok) {
      entry.authError = `${AUTH_MESSAGES[auth.failure]}: ${auth.detail}`;
      return authFailure(rawPath, auth.failure, entry.authError);
    }
    if (
      behaviour.rejectReplayedSignatures &&
      replayed(`${auth.accessId}:${auth.timestamp}:${auth.signature}`, auth.timestamp)
    ) {
      entry.authError = `${AUTH_MESSAGES.accessDenied}: this signature was already used`;
      return authFailure(rawPath, 'accessDenied', entry.authError);
    }
    entry.authOk = true;
    const user = state.users.find((u) => u.accessId === auth.accessId) as SimUser;

    let parsed: ParsedTarget;
    try {
      parsed = parseTarget(target, behaviour.pathPlusIsSpace);
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      const message = `The request URL is not correctly percent-encoded: ${error.message}.`;
      return isV2Path(rawPath) ? v2Failure(400, message) : v3Error('badRequest', message);
    }
    const found = findRoute(ROUTES, method, parsed.segments);
    if (!found) {
      // Loud on purpose: an unmatched request is nearly always a client bug worth seeing in the test output.
      const message = `The simulator has no route for ${method} ${rawPath}.`;
      return isV2Path(rawPath) ? v2Failure(404, message) : v3Error('notFound', message);
    }
    return found.route.resolve({ method, target: parsed, params: found.params, body, user, state });
  }

  function authFailure(rawPath: string, failure: AuthFailure, detail: string): Reply {
    const status = authStatus[failure];
    const message = AUTH_MESSAGES[failure];
    const reply = isV2Path(rawPath) ? v2Failure(status, message) : v3Error('unauthorized', message, status);
    // Not part of TC's answer: a hint for whoever debugs a signer against the simulator.
    reply.headers['X-Sim-Auth-Detail'] = detail.replace(/[^\x20-\x7e]/g, '?');
    return reply;
  }

  function replayed(key: string, timestamp: number): boolean {
    const horizon = Math.floor(state.now() / 1000) - behaviour.timestampToleranceSec;
    for (const [seen, stamp] of seenSignatures) if (stamp < horizon) seenSignatures.delete(seen);
    if (seenSignatures.has(key)) return true;
    seenSignatures.set(key, timestamp);
    return false;
  }

  const serverOptions: http.ServerOptions = {
    // Node refuses request lines longer than its header limit with 431; keep that well above our 414 limit.
    maxHeaderSize: Math.max(16 * 1024, maxTargetLength + 8 * 1024)
  };
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((error: unknown) => {
      console.error('[tc-sim] request failed', error);
      if (!res.headersSent && !res.destroyed) res.writeHead(500).end();
    });
  };
  const server = options.tls
    ? https.createServer({ ...serverOptions, key: options.tls.key, cert: options.tls.cert }, listener)
    : http.createServer(serverOptions, listener);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const origin = `${scheme}://${urlHost}:${port}`;

  return {
    url: `${origin}/api`,
    origin,
    port,
    requests,
    resetLog: () => {
      requests.length = 0;
    },
    setLatency: (ms, route) => {
      if (route) routeLatency.unshift({ matcher: route, ms });
      else globalLatency = ms;
    },
    setNow: (now) => {
      state.now = now;
    },
    addFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    get dataset() {
      return state.dataset;
    },
    set dataset(dataset) {
      state.dataset = dataset;
    },
    users: state.users,
    close: () =>
      new Promise<void>((resolve) => {
        stopping.abort();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      })
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? 'too-large' : Buffer.concat(chunks)));
    // An aborted upload still gets logged; whatever arrived is the body.
    req.on('error', () => resolve(Buffer.concat(chunks)));
    req.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

/** Resolves true after `ms`, or false at once when the simulator is closing. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
