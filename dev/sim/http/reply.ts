/** What a handler answers: an HTTP response, or a network-level failure that a gateway could cause. */
export type Reply = HttpReply | NetworkReply;

export interface HttpReply {
  kind: 'http';
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** Waited before answering, on top of the simulator's latency. */
  delayMs?: number;
}

export interface NetworkReply {
  kind: 'reset' | 'hang';
  delayMs?: number;
}

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): HttpReply {
  return {
    kind: 'http',
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: Buffer.from(JSON.stringify(value), 'utf8')
  };
}

export function bytesReply(
  status: number,
  body: Buffer | string,
  contentType: string,
  headers: Record<string, string> = {}
): HttpReply {
  return {
    kind: 'http',
    status,
    headers: { 'Content-Type': contentType, ...headers },
    body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body
  };
}
