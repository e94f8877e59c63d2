import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { DEMO_USER } from '../../dev/sim';
import { call, json } from './helpers';

const MAIN = join(__dirname, '..', '..', 'dev', 'sim', 'main.js');

describe('dev/sim/main.js', () => {
  it('prints one JSON line when listening, serves signed requests and exits on SIGTERM', async () => {
    const child = spawn(process.execPath, [MAIN, '--port', '0', '--latency', '5', '--host', '127.0.0.1'], {
      stdio: ['ignore', 'pipe', 'pipe']
    });
    try {
      const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
      const ready = JSON.parse(line) as { url: string; accessId: string; apiKey: string };
      assert.deepEqual(Object.keys(ready), ['url', 'accessId', 'apiKey']);
      assert.match(ready.url, /^http:\/\/127\.0\.0\.1:\d+\/api$/);
      assert.deepEqual([ready.accessId, ready.apiKey], [DEMO_USER.accessId, DEMO_USER.apiKey]);

      const origin = ready.url.replace(/\/api$/, '');
      const res = await call({ origin }, 'GET', '/api/v3/security/owners', { user: ready });
      assert.equal(res.status, 200);
      assert.equal(json<{ count: number }>(res).count, 3);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0);
  });

  it('refuses an unknown flag and names the allowed ones', () => {
    const result = spawnSync(process.execPath, [MAIN, '--prot', '1'], { encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /unknown argument "--prot"; allowed: --port, --latency, --host, --log/);
    assert.equal(result.stdout, '');
  });

  it('refuses a port that is not a number', () => {
    const result = spawnSync(process.execPath, [MAIN, '--port=http'], { encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--port must be an integer/);
  });
});
