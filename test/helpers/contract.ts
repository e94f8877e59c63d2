/**
 * The shared frame of the contract suites: one simulator per file, a fresh recording logger and
 * clean caches per test, and after each test the check that no secret reached a log line.
 */
import { after, afterEach, before, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, DEMO_USER, type Simulator } from '../../dev/sim';
import type { SimulatorOptions } from '../../dev/sim/types';
import { recordingLogger, type RecordingLogger } from './polarity';
import { resetLimiters } from '../../lib/limiter';
import { clearOwnerCache } from '../../lib/owners';
import { clearSearchCache } from '../../lib/coalesce';
import { resetRuntime } from '../../lib/runtime';

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const integration = require('../../integration.js') as typeof import('../../integration');

export interface ContractContext {
  readonly sim: Simulator;
  readonly logger: RecordingLogger;
}

export function useContractSuite(options: SimulatorOptions = {}): ContractContext {
  let sim: Simulator | undefined;
  let logger = recordingLogger();
  before(async () => {
    sim = await startSimulator(options);
  });
  after(async () => {
    await sim?.close();
    await resetLimiters();
  });
  beforeEach(async () => {
    logger = recordingLogger();
    integration.startup(logger);
    clearOwnerCache();
    clearSearchCache();
    await resetLimiters();
    sim?.resetLog();
    sim?.clearFaults();
    sim?.setNow(Date.now);
  });
  afterEach(() => {
    resetRuntime();
    const text = logger.text();
    assert.ok(!text.includes(DEMO_USER.apiKey), 'the API key appeared in a log line');
    assert.ok(!/TC demo-access-id:/.test(text), 'an Authorization header appeared in a log line');
  });
  return {
    get sim(): Simulator {
      assert.ok(sim, 'the simulator is not running yet');
      return sim;
    },
    get logger(): RecordingLogger {
      return logger;
    }
  };
}
