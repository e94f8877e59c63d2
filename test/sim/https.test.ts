import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Simulator, startSimulator } from '../../dev/sim';
import { call, json, searchTarget, V3List } from './helpers';
import { selfSignedCert } from '../helpers/processes';

describe('HTTPS', () => {
  let dir: string;
  let cert: string;
  let sim: Simulator;

  before(async () => {
    // A throwaway self-signed certificate for 127.0.0.1, made fresh so no key is ever committed.
    dir = mkdtempSync(join(tmpdir(), 'tc-sim-tls-'));
    const made = selfSignedCert(dir);
    cert = made.cert.toString('utf8');
    sim = await startSimulator({ tls: { key: made.key, cert } });
  });
  after(async () => {
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the API over TLS with https URLs and links without the port', async () => {
    assert.match(sim.url, /^https:\/\/127\.0\.0\.1:\d+\/api$/);
    assert.equal(sim.origin, `https://127.0.0.1:${sim.port}`);
    const res = await call(sim, 'GET', searchTarget('summary = "192.0.2.10"'), { ca: cert });
    assert.equal(res.status, 200, res.text);
    const first = json<V3List>(res).data[0];
    assert.equal(first.webLink, `https://127.0.0.1/#/details/indicators/${first.id}/overview`);
  });

  it('rejects clients that do not trust the certificate', async () => {
    await assert.rejects(call(sim, 'GET', '/api/v3/security/owners'), /self[- ]signed|unable to verify/i);
  });
});
