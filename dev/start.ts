/**
 * `npm start`: runs the integration's real Polarity contract (startup, validateOptions,
 * doLookup) on the demo entities against the bundled ThreatConnect simulator, and prints what
 * an analyst would see.
 */
import { startSimulator, DEMO_USER, DEMO_ENTITY_VALUES } from './sim';
import { main } from '../bin/tc-lookup';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

async function run(): Promise<number> {
  const sim = await startSimulator();
  try {
    process.stdout.write(`ThreatConnect simulator listening at ${sim.url}\n`);
    process.stdout.write(
      `Looking up ${DEMO_ENTITY_VALUES.length} demo entities through integration.js...\n\n`
    );
    const started = Date.now();
    const code = await main(
      [
        '--url',
        sim.url,
        '--access-id',
        DEMO_USER.accessId,
        ...(process.argv.includes('--json') ? ['--json'] : []),
        ...DEMO_ENTITY_VALUES
      ],
      {
        out: (l) => process.stdout.write(l + '\n'),
        err: (l) => process.stderr.write(l + '\n'),
        env: { ...process.env, TC_API_KEY: DEMO_USER.apiKey }
      }
    );
    const searches = sim.requests.filter((r) => r.path.endsWith('/v3/indicators')).length;
    process.stdout.write(
      `\n${plural(sim.requests.length, 'request')} to ThreatConnect (${plural(searches, 'search', 'searches')}) ` +
        `in ${Date.now() - started} ms.\n` +
        'Next: `npm run preview` opens the overlay for these entities in a browser; `npm test` runs the tests.\n'
    );
    return code;
  } finally {
    await sim.close();
  }
}

run().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  }
);
