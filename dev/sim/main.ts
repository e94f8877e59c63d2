/**
 * Runs the simulator with the demo data in its own process, for `npm start` and benchmarks:
 *
 *   node dev/sim/main.js [--port N] [--latency MS] [--host H] [--log]
 *
 * Prints one JSON line `{"url","accessId","apiKey"}` on stdout once listening; stops on SIGINT/SIGTERM.
 */
import { DEMO_USER, startSimulator } from './index';
import type { SimulatorOptions } from './types';

const USAGE = 'usage: node dev/sim/main.js [--port N] [--latency MS] [--host H] [--log]';

export interface CliOptions {
  simulator: SimulatorOptions;
  /** Print each answered request to stderr. */
  log: boolean;
}

/** @throws Error naming the flag when an argument is unknown or its value is not usable. */
export function parseArgs(argv: readonly string[]): CliOptions {
  const simulator: SimulatorOptions = {};
  let log = false;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const count = (name: string, max: number): number => {
      const text = value();
      const n = /^\d+$/.test(text) ? Number(text) : NaN;
      if (!(n <= max))
        throw new Error(`${name} must be an integer from 0 to ${max}; got ${JSON.stringify(text)}`);
      return n;
    };
    switch (flag) {
      case '--port':
        simulator.port = count('--port', 65535);
        break;
      case '--latency':
        simulator.latencyMs = count('--latency', 600_000);
        break;
      case '--host':
        simulator.host = value();
        break;
      case '--log':
        log = true;
        break;
      case '--help':
      case '-h':
        throw new Error(USAGE);
      default:
        throw new Error(
          `unknown argument ${JSON.stringify(argv[i])}; allowed: --port, --latency, --host, --log`
        );
    }
  }
  return { simulator, log };
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`tc-sim: ${(error as Error).message}`);
    if ((error as Error).message !== USAGE) console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const sim = await startSimulator({
    ...options.simulator,
    onAnswered: options.log
      ? (r) =>
          console.error(
            `${r.status || 'reset'} ${r.method} ${r.target}${r.authError ? ` (${r.authError})` : ''}`
          )
      : undefined
  });
  process.stdout.write(
    `${JSON.stringify({ url: sim.url, accessId: DEMO_USER.accessId, apiKey: DEMO_USER.apiKey })}\n`
  );

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    sim.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('tc-sim: close failed', error);
        process.exit(1);
      }
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error('tc-sim:', error);
    process.exit(1);
  });
}
