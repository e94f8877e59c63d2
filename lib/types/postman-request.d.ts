// postman-request ships no types; this declares the part of its API the integration uses.
declare module 'postman-request' {
  import type { IncomingHttpHeaders } from 'http';
  import type { Readable } from 'stream';

  namespace request {
    interface RequestOptions {
      method?: string;
      uri: string;
      headers?: Record<string, string>;
      body?: string;
      timeout?: number;
      gzip?: boolean;
      encoding?: null | string;
      followRedirect?: boolean;
      cert?: Buffer;
      key?: Buffer;
      passphrase?: string;
      ca?: Buffer;
      proxy?: string;
      rejectUnauthorized?: boolean;
      strictSSL?: boolean;
      lookup?: typeof import('dns').lookup;
    }

    interface Response {
      statusCode: number;
      headers: IncomingHttpHeaders;
    }

    interface Request extends Readable {
      path: string;
      abort(): void;
      on(event: 'response', listener: (response: Response & Readable) => void): this;
      on(event: 'error', listener: (err: NodeJS.ErrnoException) => void): this;
      on(event: string, listener: (...args: unknown[]) => void): this;
    }

    type Callback = (err: NodeJS.ErrnoException | null, response: Response, body: unknown) => void;
  }

  function request(options: request.RequestOptions, callback?: request.Callback): request.Request;
  export = request;
}
