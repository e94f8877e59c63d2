/**
 * The credential-test CLI, run in-process through its `main`: what it prints and the exit code
 * a script can rely on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_USER, DEMO_ORG, DEMO_COMMUNITY, DEMO_SOURCE } from '../../dev/sim/data/demo-dataset';
import { useContractSuite } from '../helpers/contract';
import { main } from '../../bin/tc-lookup';
import { setRuntime } from '../../lib/runtime';

const ctx = useContractSuite();

async function run(
  args: string[],
  env: NodeJS.ProcessEnv = {}
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const creds = (): NodeJS.ProcessEnv => ({
  TC_URL: ctx.sim.url,
  TC_ACCESS_ID: DEMO_USER.accessId,
  TC_API_KEY: DEMO_USER.apiKey
});

test('a lookup prints one row per owner and exits 0', async () => {
  const { code, out } = await run(['192.0.2.10', '198.51.100.254'], creds());
  assert.equal(code, 0);
  for (const owner of [DEMO_ORG, DEMO_COMMUNITY, DEMO_SOURCE]) assert.match(out, new RegExp(owner));
  assert.match(out, /198\.51\.100\.254\s+\(not found\)/);
});

test('--json prints the Polarity results', async () => {
  const { code, out } = await run(['--json', '192.0.2.10'], creds());
  assert.equal(code, 0);
  assert.equal(JSON.parse(out)[0].data.details.organizations.length, 3);
});

test('credentials TC rejects are bad options: exit 2, with the hint', async () => {
  const { code, err } = await run(['192.0.2.10'], { ...creds(), TC_API_KEY: 'wrong-key-here' });
  assert.equal(code, 2);
  assert.match(err, /Option apiKey: .*Signature data did not match/);
  assert.ok(!err.includes('wrong-key-here'));
});

test('an unreachable ThreatConnect is not a typo: exit 1', async () => {
  const { code, err } = await run(['192.0.2.10'], { ...creds(), TC_URL: 'http://127.0.0.1:1/api' });
  assert.equal(code, 1);
  assert.match(err, /Could not reach ThreatConnect/);
});

test('a busy ThreatConnect exits 1', async () => {
  setRuntime({ sleep: async () => undefined });
  ctx.sim.addFault({ kind: 'status', status: 503 });
  const { code } = await run(['192.0.2.10'], creds());
  assert.equal(code, 1);
});

test('unknown flags and missing values exit 2; --help exits 0 on stdout', async () => {
  const unknown = await run(['--nope', '192.0.2.10'], creds());
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /Known options: .*--url/);
  assert.equal((await run([], creds())).code, 2);
  assert.equal((await run(['192.0.2.10'], {})).code, 2);
  const help = await run(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /Exit codes/);
});
