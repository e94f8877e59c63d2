import http, { type IncomingMessage, type ServerResponse } from 'http';
import https from 'https';
import type { AddressInfo, Socket } from 'net';
import { pipeline } from 'stream';
import type { ReportProxyConfig } from './config';
import { DownloadTokenStore, type DownloadGrant } from './tokens';
import { securityHeaders } from './headers';
import { cleanFileName, contentDisposition, fileNameFromDisposition } from './filename';
import { parseTcId } from '../tc-id';
import { TcError, toTcError } from '../tc/errors';
import { log } from '../logger';

/** The only path served. Matched against the raw target, so a query string or an encoded byte is a 404. */
const DOWNLOAD_PATH = /^\/download\/([0-9a-f]{128})$/;

/** The browser sees this, never TC's own message: it may name owners, groups or internal hosts. */
export const UPSTREAM_FAILURE_MESSAGE = 'ThreatConnect could not provide this report.';

export interface ReportProxyOptions {
  config: Pick<ReportProxyConfig, 'host' | 'port' | 'downloadTokenDuration'>;
  /** Serve HTTPS with this key and certificate. */
  tls?: { key: Buffer; cert: Buffer };
  /** Milliseconds clock for token expiry. */
  now?: () => number;
}

/** The download proxy: a token store and the one-route HTTP(S) server that redeems its tokens. */
export class ReportProxy {
  readonly https: boolean;
  private readonly tokens: DownloadTokenStore;
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly config: ReportProxyOptions['config'];
  private closing: Promise<void> | undefined;

  constructor(options: ReportProxyOptions) {
    this.config = options.config;
    this.https = options.tls !== undefined;
    this.tokens = new DownloadTokenStore({
      ttlSeconds: options.config.downloadTokenDuration,
      now: options.now
    });
    const handler = (req: IncomingMessage, res: ServerResponse): void => this.handle(req, res);
    this.server = options.tls
      ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler)
      : http.createServer(handler);
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    // After a successful listen, a server error must be logged, not thrown at the process.
    this.server.on('error', (err) => log.error({ err }, 'Report download proxy server error'));
  }

  /** Resolves once listening; a busy port or a refused address rejects with a config TcError. */
  listen(): Promise<AddressInfo> {
    const { host, port } = this.config;
    return new Promise((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException): void => {
        this.server.off('listening', onListening);
        const where = `${host}:${port}`;
        const reason =
          err.code === 'EADDRINUSE'
            ? `port ${where} is already in use by another process`
            : err.code === 'EACCES'
              ? `permission denied to listen on ${where}`
              : err.code === 'EADDRNOTAVAIL'
                ? `${host} is not an address of this machine`
                : `${where}: ${err.message}`;
        reject(
          new TcError(`The report download proxy could not start: ${reason}`, {
            kind: 'config',
            code: err.code,
            help: 'Change port or host in config/report-proxy-server.json (and the nginx block), then restart the integration.',
            cause: err
          })
        );
      };
      const onListening = (): void => {
        this.server.off('error', onError);
        // The proxy must never be what keeps a stopped integration's process alive.
        this.server.unref();
        resolve(this.server.address() as AddressInfo);
      };
      this.server.once('error', onError);
      this.server.once('listening', onListening);
      this.server.listen(port, host);
    });
  }

  get listening(): boolean {
    return this.server.listening && this.closing === undefined;
  }

  get address(): AddressInfo | undefined {
    const address = this.server.address();
    return address !== null && typeof address === 'object' ? address : undefined;
  }

  issueToken(grant: DownloadGrant): string {
    if (!this.listening)
      throw new TcError('The report download proxy is not running', { kind: 'invalid-input' });
    return this.tokens.issue(grant);
  }

  /** Stops accepting, cuts open downloads and forgets every token. Safe to call more than once. */
  close(): Promise<void> {
    if (!this.closing) {
      this.closing = new Promise<void>((resolve) => {
        this.tokens.close();
        if (!this.server.listening) return resolve();
        this.server.close(() => resolve());
        for (const socket of this.sockets) socket.destroy();
      });
    }
    return this.closing;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    // Method first: a HEAD from a link previewer must not burn the user's one download.
    const match = req.method === 'GET' ? DOWNLOAD_PATH.exec(req.url ?? '') : null;
    const grant = match ? this.tokens.take(match[1]) : undefined;
    if (!grant) return this.reply(res, 404, 'Not Found');
    // Checked again here: a token must never put anything but a number into the TC path.
    const groupId = parseTcId(grant.groupId);
    if (groupId === undefined) return this.reply(res, 404, 'Not Found');
    this.download(groupId, grant, res).catch((err: unknown) => {
      log.error({ err: toTcError(err).toPolarityError() }, 'Report download failed unexpectedly');
      if (!res.headersSent) this.reply(res, 500, 'The report could not be downloaded.');
      else res.destroy();
    });
  }

  private async download(groupId: number, grant: DownloadGrant, res: ServerResponse): Promise<void> {
    const who = { user: grant.username, groupId };
    let browserGone = false;
    res.once('close', () => (browserGone = true));
    let upstream;
    try {
      upstream = await grant.client.stream({ method: 'GET', segments: ['v3', 'groups', groupId, 'pdf'] });
    } catch (err) {
      log.warn({ ...who, err: toTcError(err).toPolarityError() }, 'ThreatConnect refused a report download');
      return this.reply(res, 502, UPSTREAM_FAILURE_MESSAGE);
    }
    if (browserGone) {
      // The browser gave up while TC was answering: stop reading from TC.
      upstream.body.destroy();
      return;
    }
    const headers: Record<string, string> = {
      ...securityHeaders(this.https),
      'Content-Type': 'application/pdf',
      'Content-Disposition': contentDisposition(
        [fileNameFromDisposition(upstream.headers['content-disposition']), grant.groupName].find(
          (name) => name !== undefined && cleanFileName(name) !== ''
        ),
        groupId
      )
    };
    // Passing TC's length on lets the browser detect a short body as well as a cut connection.
    const length = upstream.headers['content-length'];
    if (typeof length === 'string' && /^\d+$/.test(length) && !upstream.headers['content-encoding']) {
      headers['Content-Length'] = length;
    }
    res.writeHead(200, headers);
    pipeline(upstream.body, res, (err) => {
      if (err) {
        // pipeline has destroyed the response: the socket closes without a final chunk, so the
        // browser reports a failed download rather than saving a truncated file as complete.
        res.destroy();
        log.warn({ ...who, err: toTcError(err).toPolarityError() }, 'Report download broke off');
      } else log.info(who, 'Report downloaded through the proxy');
    });
  }

  private reply(res: ServerResponse, status: number, text: string): void {
    if (res.headersSent || res.destroyed) return;
    const body = `${text}\n`;
    res.writeHead(status, {
      ...securityHeaders(this.https),
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body))
    });
    res.end(body);
  }
}
