/**
 * The overlay harness's HTTP server: serves the harness page (dev/preview/public), Ember, Bootstrap and Font
 * Awesome from node_modules (never a CDN), and the integration's component, template and styles (compiling
 * .less on request) from the repository, so the page always renders the files as they are on disk.
 *
 * With `onMessage` it also answers POST /api/message (the preview routes sendIntegrationMessage there), with
 * `blocks` GET /api/blocks (the blocks the preview page renders), and with `reportProxy` it forwards report
 * downloads to the integration's report proxy as nginx does on a Polarity server.
 */
import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { pipeline } from 'node:stream';
import { render as renderLess } from 'less';
import { PUBLIC_DOWNLOAD_PATH } from '../../lib/report-proxy/nginx';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const PUBLIC_DIR = path.join(REPO_ROOT, 'dev', 'preview', 'public');

function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`, { paths: [REPO_ROOT] }));
}

/** URL prefix → directory. Only these trees are reachable, and only below them. */
const MOUNTS: ReadonlyArray<readonly [string, string]> = [
  ['/public/', PUBLIC_DIR],
  ['/vendor/ember/', path.join(packageDir('ember-source'), 'dist')],
  ['/vendor/bootstrap/', path.join(packageDir('bootstrap'), 'dist')],
  ['/vendor/fontawesome/', packageDir('@fortawesome/fontawesome-free')],
  ['/integration/components/', path.join(REPO_ROOT, 'components')],
  ['/integration/templates/', path.join(REPO_ROOT, 'templates')],
  ['/integration/styles/', path.join(REPO_ROOT, 'styles')]
];

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.less': 'text/css; charset=utf-8',
  '.hbs': 'text/plain; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject'
};

/**
 * The location of the block `npm run nginx-conf` prints (lib/report-proxy/nginx.ts), built the same way and
 * matched as nginx matches it: against the decoded path, without the query string.
 */
const DOWNLOAD_LOCATION = new RegExp(`^${PUBLIC_DOWNLOAD_PATH}([a-zA-Z0-9]{128})$`);

/** Connection-level headers a proxy must not pass on (RFC 9110 §7.6.1); nginx drops them too. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade'
]);

/** The largest message body accepted; real payloads are a few hundred bytes. */
const MAX_BODY_BYTES = 256 * 1024;

/** What the preview's /api/message answers: the onMessage reply, or its error, never an HTTP failure. */
export type MessageEnvelope = { ok: true; reply: unknown } | { ok: false; error: unknown };

export interface OverlayServerOptions {
  /** Produces the reply to a sendIntegrationMessage payload; enables POST /api/message. */
  onMessage?: (payload: unknown) => Promise<MessageEnvelope>;
  /** The blocks (entity + data) the preview page renders; enables GET /api/blocks. */
  blocks?: () => Promise<unknown[]>;
  /**
   * The report proxy's base URL (http://127.0.0.1:PORT). GET /_int/threatconnect/download/<token> is then
   * passed to its /download/<token>, so the page's own origin serves downloads as the Polarity web server does.
   */
  reportProxy?: string;
  /** 0 (default) picks a free port. */
  port?: number;
}

export interface OverlayServer {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

function resolveMounted(urlPath: string): string | null {
  for (const [prefix, dir] of MOUNTS) {
    if (!urlPath.startsWith(prefix)) continue;
    const file = path.resolve(dir, '.' + path.posix.normalize('/' + urlPath.slice(prefix.length)));
    return file.startsWith(dir + path.sep) ? file : null;
  }
  return null;
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, CONTENT_TYPES['.json'], JSON.stringify(value));
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}

async function serveFile(res: http.ServerResponse, file: string): Promise<void> {
  const ext = path.extname(file);
  if (ext === '.less') {
    const source = await fs.readFile(file, 'utf8');
    const { css } = await renderLess(source, { filename: file });
    send(res, 200, CONTENT_TYPES['.less'], css);
    return;
  }
  const body = await fs.readFile(file);
  send(res, 200, CONTENT_TYPES[ext] ?? 'application/octet-stream', body);
}

/**
 * What nginx's proxy_pass does for the download location: the upstream's status, headers and body as they come,
 * streamed, with Host and X-Real-IP set as the block sets them. A connection refused before an answer is nginx's
 * 502; an answer that breaks off mid-body cuts the browser's connection too, so a truncated PDF is never saved
 * as complete.
 */
function forwardDownload(
  upstreamBase: URL,
  token: string,
  req: http.IncomingMessage,
  res: http.ServerResponse
): Promise<void> {
  return new Promise((resolve) => {
    const upstream = http.request(
      new URL(`/download/${token}`, upstreamBase),
      {
        method: req.method,
        headers: { host: req.headers.host ?? '', 'x-real-ip': req.socket.remoteAddress ?? '' },
        agent: false
      },
      (answer) => {
        const headers: http.OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(answer.headers)) {
          if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
        }
        res.writeHead(answer.statusCode ?? 502, headers);
        pipeline(answer, res, (err) => {
          if (err) res.destroy();
          resolve();
        });
      }
    );
    upstream.on('error', () => {
      if (!res.headersSent) send(res, 502, 'text/plain', 'Bad Gateway');
      else res.destroy();
      resolve();
    });
    upstream.end();
  });
}

async function handle(
  options: OverlayServerOptions,
  req: http.IncomingMessage,
  res: http.ServerResponse
): Promise<void> {
  const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);

  const download = options.reportProxy ? DOWNLOAD_LOCATION.exec(urlPath) : null;
  if (download && options.reportProxy) {
    return forwardDownload(new URL(options.reportProxy), download[1], req, res);
  }

  if (urlPath === '/api/message' && options.onMessage) {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST only' });
    const payload = await readJson(req);
    return sendJson(res, 200, await options.onMessage(payload));
  }
  if (urlPath === '/api/blocks' && options.blocks) {
    return sendJson(res, 200, await options.blocks());
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'GET only' });

  const file = urlPath === '/' ? path.join(PUBLIC_DIR, 'index.html') : resolveMounted(urlPath);
  if (!file) return send(res, 404, 'text/plain', 'not found');
  try {
    await serveFile(res, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR') return send(res, 404, 'text/plain', 'not found');
    throw err;
  }
}

/** Starts the server on 127.0.0.1 only: it serves the working tree and, for the preview, a live onMessage. */
export function startOverlayServer(options: OverlayServerOptions = {}): Promise<OverlayServer> {
  if (options.reportProxy !== undefined && new URL(options.reportProxy).protocol !== 'http:') {
    // The harness and the preview run the proxy on loopback over HTTP; HTTPS is tested against a real nginx.
    return Promise.reject(new Error(`reportProxy must be an http: URL, not ${options.reportProxy}`));
  }
  const server = http.createServer((req, res) => {
    handle(options, req, res).catch((err: unknown) => {
      // A .less syntax error or a failing blocks() must show up in the test output, not as a silent 500.
      console.error('overlay server:', req.method, req.url, err);
      if (!res.headersSent) sendJson(res, 500, { error: err instanceof Error ? err.message : String(err) });
      else res.end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.closeAllConnections();
            server.close((err) => (err ? fail(err) : done()));
          })
      });
    });
  });
}
