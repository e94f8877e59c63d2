/**
 * The frame of the preview suites: one preview server and one page per file. A launch failure
 * (say, no Chromium) is kept and thrown by every test, so each fails with the reason, never skips.
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startPreview, type Preview } from '../../dev/overlay/preview';
import { openOverlayAt, type OverlayPage } from './harness';

export function usePreview(
  ...args: Parameters<typeof startPreview>
): () => { preview: Preview; overlay: OverlayPage } {
  let preview: Preview | undefined;
  let overlay: OverlayPage | undefined;
  let launchError: unknown;
  before(async () => {
    try {
      preview = await startPreview(...args);
      overlay = await openOverlayAt(preview.server, '?mode=preview');
    } catch (err) {
      launchError = err;
    }
  });
  after(async () => {
    await overlay?.close();
    await preview?.close();
  });
  return () => {
    if (launchError !== undefined) throw launchError;
    assert.ok(preview && overlay);
    return { preview, overlay };
  };
}
