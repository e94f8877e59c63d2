import { test } from 'node:test';
import assert from 'node:assert/strict';
import Bottleneck from 'bottleneck';
import { TcClient } from '../../lib/tc/client';
import { TcError } from '../../lib/tc/errors';

function client(): TcClient {
  return new TcClient({
    url: 'http://127.0.0.1:9/api',
    credentials: { accessId: 'id', apiKey: 'key' },
    transport: { rejectUnauthorized: true },
    limiter: () => new Bottleneck(),
    timeoutMs: 1000
  });
}

test('a target the HTTP library would rewrite is refused before anything is sent', async () => {
  // A raw space and quote: url.parse would send %20 and %22 while the signature covers the raw bytes.
  for (const send of [
    (c: TcClient) => c.json({ method: 'GET', target: '/api/v3/indicators?tql=a b"' }),
    (c: TcClient) => c.stream({ method: 'GET', target: "/api/v3/groups/1/pdf?x='y'" })
  ]) {
    await assert.rejects(send(client()), (err: unknown) => {
      assert.ok(err instanceof TcError);
      assert.equal(err.kind, 'internal');
      assert.match(err.message, /differs from the signed one/);
      return true;
    });
  }
});
