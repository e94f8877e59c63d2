/**
 * Opens the overlay harness page (dev/overlay/server + dev/preview/public) in Debian's headless Chromium and
 * gives the tests typed access to window.__harness: render blocks, script replies, read the recorded
 * sendIntegrationMessage payloads and flash messages, and collect every error the page raised.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium, type LaunchedChromium } from '../../dev/overlay/browser';
import { startOverlayServer, type OverlayServer, type OverlayServerOptions } from '../../dev/overlay/server';
import type { BlockInput } from './fixtures';

/** Deprecations the component cannot avoid: Polarity components reach Ember only through the global. */
const EXPECTED_DEPRECATIONS = new Set(['ember-global']);

export type ReplySpec = { resolve: unknown } | { reject: unknown } | { rejectError: string } | { hold: true };

export interface FlashMessage {
  message: string;
  type: string;
  icon: string;
  timeout: number;
}

/** window.__harness as the tests see it (see dev/preview/public/polarity-shim.js). */
interface HarnessApi {
  ready?: boolean;
  calls: unknown[];
  flashes: FlashMessage[];
  errors: string[];
  warnings: string[];
  deprecations: Record<string, number>;
  pending: Array<{ payload: unknown; done: boolean }>;
  reset(): void;
  reply(action: string, ...specs: ReplySpec[]): void;
  release(index: number, spec: ReplySpec): void;
  useBridge(name: string): void;
  send(payload: unknown): Promise<unknown>;
  settled(): Promise<void>;
  render(blocks: BlockInput[]): Promise<void>;
  recreate(): Promise<void>;
  blockData(index: number): unknown;
}

interface HarnessGlobal {
  __harness: HarnessApi;
}

export interface OverlayPage {
  page: Page;
  context: BrowserContext;
  server: OverlayServer;
  /** Console errors, page errors and off-host requests seen by Playwright since the last takeProblems(). */
  problems: string[];
  close(): Promise<void>;
}

/** Starts a harness server and opens its page; closing the page closes the server too. */
export async function openOverlay(
  serverOptions: OverlayServerOptions = {},
  query = ''
): Promise<OverlayPage> {
  const server = await startOverlayServer(serverOptions);
  try {
    return await openOverlayAt(server, query, { closeServer: true });
  } catch (err) {
    await server.close();
    throw err;
  }
}

/**
 * Opens the page of a running harness server (e.g. the preview's) in a fresh Chromium, recording console
 * errors, page errors and any request that leaves that server, and waits until the page has booted cleanly.
 */
export async function openOverlayAt(
  server: OverlayServer,
  query = '',
  { closeServer = false } = {}
): Promise<OverlayPage> {
  const browser: LaunchedChromium = await launchChromium();
  try {
    const { context } = browser;
    const problems: string[] = [];
    const serverOrigin = new URL(server.url).origin;
    // The page may load nothing but the local server: no CDN, no telemetry, nothing an image tag could fetch.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).origin === serverOrigin) return route.continue();
      problems.push(`request outside the harness server: ${url}`);
      return route.abort();
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.stack ?? err.message}`));
    await page.goto(`${server.url}/${query}`);
    await page.waitForFunction(() => {
      const h = (globalThis as unknown as Partial<HarnessGlobal>).__harness;
      return Boolean(h && (h.ready || h.errors.length > 0));
    });
    const opened: OverlayPage = {
      page,
      context,
      server,
      problems,
      close: async () => {
        await browser.close();
        if (closeServer) await server.close();
      }
    };
    assert.deepEqual(await takeProblems(opened), [], 'the harness page failed to boot');
    return opened;
  } catch (err) {
    await browser.close();
    throw err;
  }
}

/**
 * Registers before/after hooks that open one overlay page for the calling test file and returns a getter.
 * A launch failure (no Chromium) is rethrown by the getter, so every test that needs the page fails with the
 * message rather than being cancelled or skipped. The server options may be made in the hook, e.g. once a port
 * for the report proxy has been picked.
 */
export function sharedOverlay(
  serverOptions: OverlayServerOptions | (() => Promise<OverlayServerOptions>) = {},
  query = ''
): () => OverlayPage {
  let opened: OverlayPage | undefined;
  let launchError: unknown;
  before(async () => {
    try {
      const options = typeof serverOptions === 'function' ? await serverOptions() : serverOptions;
      opened = await openOverlay(options, query);
    } catch (err) {
      launchError = err;
    }
  });
  after(async () => {
    await opened?.close();
  });
  return () => {
    if (launchError !== undefined) throw launchError;
    assert.ok(opened, 'the overlay page is opened in before()');
    return opened;
  };
}

/**
 * Everything that went wrong in the page since the last call: Playwright's console errors and page errors,
 * the harness's Ember.onerror / unhandled rejections / Ember warnings, and deprecations other than the
 * Ember-global one (a deprecation today is a crash in the next Ember major). Clears them.
 */
export async function takeProblems(overlay: OverlayPage): Promise<string[]> {
  const fromPage = await overlay.page.evaluate(() => {
    const h = (globalThis as unknown as HarnessGlobal).__harness;
    const found = [
      ...h.errors,
      ...h.warnings.map((w) => `Ember warning: ${w}`),
      ...Object.keys(h.deprecations).map((id) => `deprecation ${id} ×${h.deprecations[id]}`)
    ];
    h.errors.length = 0;
    h.warnings.length = 0;
    h.deprecations = {};
    return found;
  });
  const found = [...overlay.problems, ...fromPage].filter(
    (p) => ![...EXPECTED_DEPRECATIONS].some((id) => p.startsWith(`deprecation ${id} `))
  );
  overlay.problems.length = 0;
  return found;
}

/** Clears the recorders and scripted replies and renders fresh blocks (fresh components, fresh _state). */
export async function render(page: Page, blocks: BlockInput[]): Promise<void> {
  await page.evaluate(async (b) => {
    const h = (globalThis as unknown as HarnessGlobal).__harness;
    h.reset();
    await h.render(b);
  }, blocks);
}

export async function recreate(page: Page): Promise<void> {
  await page.evaluate(() => (globalThis as unknown as HarnessGlobal).__harness.recreate());
}

export async function reply(page: Page, action: string, ...specs: ReplySpec[]): Promise<void> {
  await page.evaluate(([a, s]) => (globalThis as unknown as HarnessGlobal).__harness.reply(a, ...s), [
    action,
    specs
  ] as const);
}

/** Settles a call parked by { hold: true } and waits for the page to render the outcome. */
export async function release(page: Page, index: number, spec: ReplySpec): Promise<void> {
  await page.evaluate(
    async ([i, s]) => {
      const h = (globalThis as unknown as HarnessGlobal).__harness;
      h.release(i, s);
      await h.settled();
    },
    [index, spec] as const
  );
}

export async function settled(page: Page): Promise<void> {
  await page.evaluate(() => (globalThis as unknown as HarnessGlobal).__harness.settled());
}

/** The payloads sent so far, in order (after the page settled). */
export async function calls(page: Page): Promise<unknown[]> {
  await settled(page);
  return page.evaluate(() => (globalThis as unknown as HarnessGlobal).__harness.calls);
}

/** The index release() takes for the oldest call still parked with this action. */
export async function heldIndex(page: Page, action: string): Promise<number> {
  const index = await page.evaluate(
    (a) =>
      (globalThis as unknown as HarnessGlobal).__harness.pending.findIndex(
        (p) => !p.done && (p.payload as { action?: unknown }).action === a
      ),
    action
  );
  assert.ok(index >= 0, `no ${action} call is held`);
  return index;
}

/** The payloads of calls currently parked by { hold: true }. */
export async function held(page: Page): Promise<unknown[]> {
  return page.evaluate(() =>
    (globalThis as unknown as HarnessGlobal).__harness.pending.filter((p) => !p.done).map((p) => p.payload)
  );
}

export async function flashes(page: Page): Promise<FlashMessage[]> {
  await settled(page);
  return page.evaluate(() => (globalThis as unknown as HarnessGlobal).__harness.flashes);
}

export async function blockData(page: Page, index = 0): Promise<unknown> {
  return page.evaluate((i) => (globalThis as unknown as HarnessGlobal).__harness.blockData(i), index);
}

/**
 * Routes sendIntegrationMessage to a Node function (the real onMessage) through page.exposeFunction.
 * The function's errors travel as data so the page sees the integration's error object, not a string.
 */
export async function bridgeMessages(
  overlay: OverlayPage,
  handler: (payload: unknown) => Promise<unknown>
): Promise<void> {
  const name = `__tcOnMessage${Math.random().toString(36).slice(2)}`;
  await overlay.page.exposeFunction(name, async (payload: unknown) => {
    try {
      return { ok: true, reply: await handler(payload) };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? { detail: error.message } : error };
    }
  });
  await overlay.page.evaluate((n) => (globalThis as unknown as HarnessGlobal).__harness.useBridge(n), name);
}

/**
 * Sends a payload through the page's sendIntegrationMessage as if the component had, e.g. one crafted in a
 * tampered page. Resolves with the reply, or with `{ rejected }` when the message was refused by rejection.
 */
export async function sendFromPage(page: Page, payload: unknown): Promise<unknown> {
  return page.evaluate(async (p) => {
    try {
      return await (globalThis as unknown as HarnessGlobal).__harness.send(p);
    } catch (error) {
      return { rejected: error };
    }
  }, payload);
}
