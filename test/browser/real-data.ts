/**
 * What the overlay renders in the browser tests: the real built integration.js, called through the Polarity
 * contract (startup → doLookup → onDetails, and onMessage) against the ThreatConnect simulator. Each call to
 * startRealData() gets a fresh simulator, so writes made by one test never leak into another.
 */
import assert from 'node:assert/strict';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../dev/sim';
import { DEMO_USER } from '../../dev/sim/data/demo-dataset';
import type { PolarityOptions, PolarityResult } from '../../lib/types/polarity';
import type { OrganizationView, TcDetails } from '../../lib/types/details';
import { resetLimiters } from '../../lib/limiter';
import { clearOwnerCache } from '../../lib/owners';
import { callOnce, entity, lookupOptions, recordingLogger } from '../helpers/polarity';
import type { BlockInput } from './fixtures';

// The built file, as Polarity loads it (package.json main), not the TypeScript source.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const integration = require('../../integration.js') as typeof import('../../integration');

export interface RealData {
  sim: Simulator;
  /** The user options Polarity would pass for the analyst, with overrides (e.g. enableEditing: false). */
  options(overrides?: Partial<PolarityOptions>): PolarityOptions;
  /** doLookup then onDetails for each value, as Polarity does when the analyst opens the overlay. */
  blocks(values: string[], overrides?: Partial<PolarityOptions>): Promise<BlockInput[]>;
  /** The real onMessage: resolves with its reply, rejects with its Polarity error. */
  onMessage(payload: unknown, overrides?: Partial<PolarityOptions>): Promise<unknown>;
  close(): Promise<void>;
}

/** @param simOptions e.g. a dataset with extra owners; the demo dataset and users by default. */
export async function startRealData(simOptions: SimulatorOptions = {}): Promise<RealData> {
  clearOwnerCache();
  const sim = await startSimulator(simOptions);
  integration.startup(recordingLogger());
  const options = (overrides: Partial<PolarityOptions> = {}): PolarityOptions =>
    lookupOptions(sim, DEMO_USER, overrides);

  async function blocks(values: string[], overrides: Partial<PolarityOptions> = {}): Promise<BlockInput[]> {
    const opts = options(overrides);
    const entities = values.map((value) => entity(value));
    const looked = await callOnce<PolarityResult<TcDetails>[]>((cb) =>
      integration.doLookup(entities, opts, cb)
    );
    assert.equal(looked.err, null, `doLookup failed: ${JSON.stringify(looked.err)}`);
    const results = looked.result ?? [];
    return Promise.all(
      values.map(async (value) => {
        const result = results.find((r) => r.entity.value === value);
        assert.ok(result?.data, `the simulator has no result for ${value}`);
        const detailed = await callOnce<{ summary: string[]; details: TcDetails }>((cb) =>
          integration.onDetails(
            { ...result, isCached: false } as Parameters<typeof integration.onDetails>[0],
            opts,
            cb
          )
        );
        assert.equal(detailed.err, null, `onDetails failed: ${JSON.stringify(detailed.err)}`);
        // JSON round trip: Polarity sends the data to the browser as JSON.
        return JSON.parse(JSON.stringify({ entity: result.entity, data: detailed.result })) as BlockInput;
      })
    );
  }

  async function onMessage(payload: unknown, overrides: Partial<PolarityOptions> = {}): Promise<unknown> {
    const { err, result } = await callOnce<object>((cb) =>
      integration.onMessage(payload, options(overrides), cb)
    );
    if (err) throw err;
    return JSON.parse(JSON.stringify(result)) as unknown;
  }

  return {
    sim,
    options,
    blocks,
    onMessage,
    close: async () => {
      await sim.close();
      await resetLimiters();
      clearOwnerCache();
    }
  };
}

export function detailsOf(block: BlockInput): TcDetails {
  return block.data?.details as TcDetails;
}

/** The block's view of one owner; fails the test when that owner did not answer. */
export function orgOf(block: BlockInput, ownerName: string): OrganizationView {
  const org = detailsOf(block).organizations.find((o) => o.owner.name === ownerName);
  assert.ok(org, `no ${ownerName} in the block of ${block.entity.value}`);
  return org;
}
