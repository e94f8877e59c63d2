import type { IncomingHttpHeaders, IncomingMessage } from 'http';
import { PassThrough, type Readable } from 'stream';
import type request from 'postman-request';
import { TcError, fromNetworkError } from './errors';

type PostmanRequest = request.Request;

/** An answer whose body is still arriving; destroy `body` to abort the request. */
export interface TcStreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Ends only when TC's whole body arrived; a transfer that breaks off destroys it with a TcError. */
  body: Readable;
}

/** Enough of an error answer to read TC's envelope; the rest is not worth downloading. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * The response body as a Readable with backpressure. postman-request ends its stream even when
 * the connection breaks mid-body (it turns 'close' into 'end'), so completeness is taken from
 * Node's own `response.complete`: a cut-off transfer must fail, not pass for a whole file.
 */
export function bodyOf(
  r: PostmanRequest,
  response: IncomingMessage,
  idleMs: number,
  label: string
): Readable {
  const body = new PassThrough();
  let idle: NodeJS.Timeout | undefined;
  const breakOff = (err: TcError): void => {
    clearTimeout(idle);
    r.abort();
    body.destroy(err);
  };
  const armIdle = (): void => {
    clearTimeout(idle);
    idle = setTimeout(
      () =>
        breakOff(
          new TcError(`ThreatConnect stopped sending for ${Math.round(idleMs / 1000)} s`, {
            kind: 'timeout',
            code: 'ETIMEDOUT',
            request: label
          })
        ),
      idleMs
    );
  };
  // Node reports the cut through 'aborted' and `complete`, handled at 'end'; without a listener here
  // an 'error' it may also emit would be unhandled.
  response.on('error', () => undefined);
  r.on('data', (chunk: unknown) => {
    if (body.destroyed || !Buffer.isBuffer(chunk)) return;
    if (body.write(chunk)) armIdle();
    else {
      // The reader is slow, not TC: no idle timeout while we hold TC back.
      clearTimeout(idle);
      r.pause();
    }
  });
  body.on('drain', () => {
    armIdle();
    r.resume();
  });
  r.on('end', () => {
    clearTimeout(idle);
    if (body.destroyed) return;
    if (response.complete) body.end();
    else
      breakOff(
        new TcError('ThreatConnect closed the connection before the whole file arrived', {
          kind: 'network',
          code: 'ECONNRESET',
          request: label
        })
      );
  });
  r.on('error', (err: NodeJS.ErrnoException) => breakOff(fromNetworkError(err, label)));
  // The consumer stopped reading (say, the browser cancelled): stop downloading from TC too.
  body.on('close', () => {
    clearTimeout(idle);
    if (!response.complete) r.abort();
  });
  armIdle();
  return body;
}

/** Reads at most `limit` bytes as UTF-8, then lets go of the stream; a broken stream yields what came. */
export function readBounded(stream: Readable, limit: number): Promise<string> {
  return new Promise((resolvePromise) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (): void => {
      stream.destroy();
      resolvePromise(Buffer.concat(chunks).subarray(0, limit).toString('utf8'));
    };
    stream.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) done();
    });
    stream.once('end', done);
    stream.once('error', done);
  });
}
