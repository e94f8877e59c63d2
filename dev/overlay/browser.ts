/**
 * Launches Debian's Chromium (never a Playwright-downloaded one) for the overlay harness, the browser tests and
 * the README screenshot, with a throwaway profile.
 */
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Chromium runs as root in CI containers; these keep it quiet and off the network. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
];

/** Throws with instructions: a browser test that does not run proves nothing, so it must fail, not skip. */
export function assertChromium(): void {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
  } catch {
    throw new Error(
      `Chromium is required for the browser tests and was not found at ${CHROMIUM_PATH}. ` +
        'Install it with `apt-get install -y chromium` (Debian), or set CHROMIUM_PATH. ' +
        'Do not use `npx playwright install`: the tests run the system Chromium.'
    );
  }
}

export interface LaunchedChromium {
  context: BrowserContext;
  /** Closes the browser and deletes its profile. */
  close(): Promise<void>;
}

export async function launchChromium(): Promise<LaunchedChromium> {
  assertChromium();
  const profile = mkdtempSync(path.join(tmpdir(), 'tc-overlay-chromium-'));
  try {
    // launchPersistentContext because Playwright refuses --user-data-dir in args; a fresh profile per launch.
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      // Dates in the overlay are shown in the analyst's time zone; UTC keeps them deterministic.
      timezoneId: 'UTC',
      locale: 'en-US',
      viewport: { width: 520, height: 900 },
      args: CHROMIUM_ARGS
    });
    return {
      context,
      close: async () => {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    };
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
}
