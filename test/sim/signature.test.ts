import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DEMO_USER, Simulator, startSimulator } from '../../dev/sim';
import { call, hmac, json, V3Envelope, VECTOR_USER } from './helpers';

const TS = 1513703787;
const NOW_MS = TS * 1000;

/** threatconnect-api.md §5.2, verbatim. */
const VECTORS: { n: number; target: string; method: string; signature: string }[] = [
  {
    n: 1,
    method: 'GET',
    target: '/api/v2/owners',
    signature: '1/q6IcHmlUmjT1QoHrWnp6k9UUOQJM0CpbDQ0dSAYDQ='
  },
  {
    n: 2,
    method: 'GET',
    target: '/api/v2/indicators/hosts/example.com?Owner=Common%20Community',
    signature: 'tP0YjRlm5PT+dG3Dw2sF2rfWI9aZsfC7hSd3Wla/r2U='
  },
  {
    n: 3,
    method: 'GET',
    target: '/api/v2/indicators/hosts/example.com?owner=Common%20Community',
    signature: 'Q8AD9CNIwlU4lzIQjcLi0wujvpjdTRE1UL276+1+8Ck='
  },
  {
    n: 4,
    method: 'GET',
    target: '/api/v2/indicators/hosts/example.com?owner=Common+Community',
    signature: 'Uy31mgZqDqaZTfq3oXiFCVOiuTAo0LGLhZCT5a7ViF0='
  },
  {
    n: 5,
    method: 'GET',
    target: '/api/v2/indicators/urls/http%3A%2F%2Fexample.com%2F/owners',
    signature: 'cuqPTjsreirXKyzCay5ziySHwpQMcn1mvM7WiXi+Tko='
  },
  {
    n: 6,
    method: 'POST',
    target: '/api/v2/indicators/hosts/example.com/tags/Nation%20State',
    signature: '5JU8F3LMu/iCCssIWL56QKX0z0U/X5t9nahTsAvQvAw='
  },
  {
    n: 7,
    method: 'POST',
    target: '/api/v2/indicators/emailAddresses/bad%40example.com/falsePositive',
    signature: '2XV5Um1SmWapAbeT5mNYlTzr6ePyBNmGMeFsiqFSrP4='
  },
  {
    n: 8,
    method: 'GET',
    target: '/api/v3/indicators?tql=typeName%20in%20(%22Address%22%2C%20%22Host%22)',
    signature: '1qHZkvvYPheOW+0NLHtK8V6H/pc47bsx2N/2DCdrvHI='
  },
  {
    n: 9,
    method: 'GET',
    target: '/api/v3/indicators?tql=typeName%20in%20%28%22Address%22%2C%20%22Host%22%29',
    signature: 'H+uq/DKFOwBlnZUGSuHsYYOLbRx6I1CtJ/scLNTtytM='
  },
  {
    n: 10,
    method: 'PUT',
    target: '/api/v3/indicators/4',
    signature: 'PTkFc4/Rjvq85w2XShHV9ifH9ibF7H9LGictMl24uS8='
  },
  {
    n: 11,
    method: 'GET',
    target: '/api/v2/indicators/urls/http%3A%2F%2Fexample.com%2Fa%20b%3Fx%3D1%26y%3D%282%29%21%2A%27/owners',
    signature: '4o6V24HeUnWobKjGt2jKmODb6OFqYzGAFTWDyK/DI2Q='
  },
  {
    n: 12,
    method: 'GET',
    target:
      '/api/v3/indicators?tql=summary%3D%22example.com%22+and+typeName+in+%28%22Host%22%29&fields=tags&fields=threatAssess&resultStart=0&resultLimit=100',
    signature: 'LZC7LQMqJdWw0WbnZK/sHqECPm/2TulGFoXHErLT3gM='
  }
];

const vector = (n: number) => VECTORS.find((v) => v.n === n)!;

describe('HMAC verification (reference §1.4, §5.2)', () => {
  let sim: Simulator;
  let clock = NOW_MS;

  before(async () => {
    sim = await startSimulator({ users: [VECTOR_USER, DEMO_USER], now: () => clock });
  });
  after(() => sim.close());
  beforeEach(() => {
    clock = NOW_MS;
    sim.resetLog();
  });

  it('computes every table signature with node:crypto (the table itself is right)', () => {
    for (const v of VECTORS) {
      assert.equal(hmac(VECTOR_USER.apiKey, v.target, v.method, TS), v.signature, `vector ${v.n}`);
    }
  });

  for (const v of VECTORS) {
    it(`accepts vector ${v.n} (${v.method} ${v.target.slice(0, 60)})`, async () => {
      const res = await call(sim, v.method, v.target, {
        user: VECTOR_USER,
        timestamp: TS,
        signature: v.signature
      });
      assert.notEqual(res.status, 401, res.text);
      assert.equal(sim.requests.at(-1)?.authOk, true);
      assert.equal(sim.requests.at(-1)?.accessId, VECTOR_USER.accessId);
      assert.equal(sim.requests.at(-1)?.target, v.target);
    });
  }

  for (const [signedWith, sentAs] of [
    [3, 4],
    [4, 3],
    [8, 9],
    [9, 8]
  ]) {
    it(`rejects vector ${signedWith}'s signature on vector ${sentAs}'s wire form`, async () => {
      const res = await call(sim, 'GET', vector(sentAs).target, {
        user: VECTOR_USER,
        timestamp: TS,
        signature: vector(signedWith).signature
      });
      assert.equal(res.status, 401);
      assert.deepEqual(json(res), {
        status: sentAs >= 8 ? 'Error' : 'Failure',
        ...(sentAs >= 8 ? { errCode: '0x1002' } : {}),
        message: 'Signature data did not match expected result'
      });
      assert.equal(sim.requests.at(-1)?.authOk, false);
    });
  }

  it('rejects a signature computed over the decoded path', async () => {
    const res = await call(sim, 'GET', vector(5).target, {
      user: VECTOR_USER,
      timestamp: TS,
      signTarget: '/api/v2/indicators/urls/http://example.com//owners'
    });
    assert.equal(res.status, 401);
    assert.equal(json(res).message, 'Signature data did not match expected result');
    assert.match(String(res.headers['x-sim-auth-detail']), /decoded target/);
  });

  it('rejects the same request signed with another method', async () => {
    const res = await call(sim, 'GET', vector(10).target, {
      user: VECTOR_USER,
      timestamp: TS,
      signature: vector(10).signature
    });
    assert.equal(res.status, 401);
  });

  it('accepts a timestamp exactly 300 s old or ahead and rejects 301 s', async () => {
    for (const skew of [300, -300]) {
      const res = await call(sim, 'GET', '/api/v2/owners', { user: VECTOR_USER, timestamp: TS - skew });
      assert.equal(res.status, 200, `skew ${skew}: ${res.text}`);
    }
    for (const skew of [301, -301]) {
      const res = await call(sim, 'GET', '/api/v2/owners', { user: VECTOR_USER, timestamp: TS - skew });
      assert.equal(res.status, 401, `skew ${skew}`);
      assert.deepEqual(json(res), { status: 'Failure', message: 'Timestamp out of acceptable time range' });
    }
  });

  it('follows the injected clock, including setNow', async () => {
    clock = NOW_MS + 3_600_000;
    assert.equal(
      (await call(sim, 'GET', '/api/v2/owners', { user: VECTOR_USER, timestamp: TS })).status,
      401
    );
    sim.setNow(() => NOW_MS);
    try {
      assert.equal(
        (await call(sim, 'GET', '/api/v2/owners', { user: VECTOR_USER, timestamp: TS })).status,
        200
      );
    } finally {
      sim.setNow(() => clock);
    }
  });

  it('says "Invalid timestamp" for a non-numeric or missing Timestamp', async () => {
    for (const timestamp of ['abc', '1513703787.5', '']) {
      const res = await call(sim, 'GET', '/api/v3/security/owners', { user: VECTOR_USER, timestamp });
      assert.equal(res.status, 401);
      assert.deepEqual(json(res), { status: 'Error', errCode: '0x1002', message: 'Invalid timestamp' });
    }
  });

  it('says "Access Denied" for an unknown access id or a missing Authorization header', async () => {
    const unknown = await call(sim, 'GET', '/api/v3/security/owners', {
      user: { accessId: 'nobody', apiKey: 'x' },
      timestamp: TS
    });
    assert.equal(unknown.status, 401);
    assert.deepEqual(json(unknown), { status: 'Error', errCode: '0x1002', message: 'Access Denied' });
    const unsigned = await call(sim, 'GET', '/api/v3/security/owners', { unsigned: true });
    assert.equal(json<V3Envelope>(unsigned).message, 'Access Denied');
  });

  it('reads header names case-insensitively', async () => {
    const signature = hmac(VECTOR_USER.apiKey, '/api/v2/owners', 'GET', TS);
    const res = await call(sim, 'GET', '/api/v2/owners', {
      unsigned: true,
      headers: { authorization: `TC ${VECTOR_USER.accessId}:${signature}`, TIMESTAMP: String(TS) }
    });
    assert.equal(res.status, 200);
  });

  it('keys the HMAC with the secret as UTF-8 text, $$ + / = included', async () => {
    const res = await call(sim, 'GET', '/api/v3/security/owners', { user: DEMO_USER, timestamp: TS });
    assert.equal(res.status, 200);
  });

  it('answers 400 after auth for a target that is not valid percent-encoding', async () => {
    for (const target of [
      '/api/v3/indicators?tql=%ZZ',
      '/api/v3/indicators/%E0%A4',
      '/api/v3/indicators?tql=100%'
    ]) {
      const res = await call(sim, 'GET', target, { user: VECTOR_USER, timestamp: TS });
      assert.equal(res.status, 400, target);
      assert.equal(json(res).errCode, '0x1001');
      assert.equal(sim.requests.at(-1)?.authOk, true);
    }
  });
});

describe('auth options', () => {
  it('uses the configured status per failure', async () => {
    const sim = await startSimulator({
      users: [VECTOR_USER],
      now: () => NOW_MS,
      authStatus: {
        signatureMismatch: 403,
        timestampOutOfRange: 403,
        invalidTimestamp: 400,
        accessDenied: 403
      }
    });
    try {
      const mismatch = await call(sim, 'GET', '/api/v2/owners', {
        user: VECTOR_USER,
        timestamp: TS,
        signature: 'AAAA'
      });
      assert.equal(mismatch.status, 403);
      const skew = await call(sim, 'GET', '/api/v2/owners', { user: VECTOR_USER, timestamp: TS - 999 });
      assert.equal(skew.status, 403);
      const invalid = await call(sim, 'GET', '/api/v2/owners', { user: VECTOR_USER, timestamp: 'x' });
      assert.equal(invalid.status, 400);
      const denied = await call(sim, 'GET', '/api/v2/owners', {
        user: { accessId: 'x', apiKey: 'y' },
        timestamp: TS
      });
      assert.equal(denied.status, 403);
    } finally {
      await sim.close();
    }
  });

  it('can refuse a replayed signature', async () => {
    const sim = await startSimulator({
      users: [VECTOR_USER],
      now: () => NOW_MS,
      behaviour: { rejectReplayedSignatures: true }
    });
    try {
      const first = await call(sim, 'GET', '/api/v2/owners', { user: VECTOR_USER, timestamp: TS });
      const second = await call(sim, 'GET', '/api/v2/owners', { user: VECTOR_USER, timestamp: TS });
      assert.deepEqual([first.status, second.status], [200, 401]);
    } finally {
      await sim.close();
    }
  });
});

describe('request-target length', () => {
  it('answers 414 above maxTargetLength, before auth', async () => {
    const sim = await startSimulator({ maxTargetLength: 100 });
    try {
      const atLimit = `/api/v3/indicators?tql=${'a'.repeat(100 - '/api/v3/indicators?tql='.length)}`;
      const tooLong = `${atLimit}a`;
      assert.notEqual((await call(sim, 'GET', atLimit, { unsigned: true })).status, 414);
      const res = await call(sim, 'GET', tooLong, { unsigned: true });
      assert.equal(res.status, 414);
      assert.equal(sim.requests.at(-1)?.status, 414);
      assert.equal(sim.requests.at(-1)?.authOk, false);
    } finally {
      await sim.close();
    }
  });

  it('defaults to 8192 bytes', async () => {
    const sim = await startSimulator();
    try {
      const base = '/api/v3/indicators?tql=';
      const ok = await call(sim, 'GET', base + 'x'.repeat(8192 - base.length));
      assert.notEqual(ok.status, 414);
      assert.equal((await call(sim, 'GET', base + 'x'.repeat(8193 - base.length))).status, 414);
    } finally {
      await sim.close();
    }
  });
});
