/**
 * `npm run preview -- --report-proxy`: a person clicks Download in the preview and the browser saves the PDF,
 * through the real report proxy and the preview server's nginx-like forwarding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { DEMO_ORG } from '../../dev/sim/data/demo-dataset';
import { parseArgs } from '../../dev/overlay/preview';
import { calls, settled, takeProblems } from './harness';
import { usePreview } from './preview-suite';

const opened = usePreview(0, { reportProxy: parseArgs(['--report-proxy']).reportProxy });

test('--report-proxy is off unless given', () => {
  assert.equal(parseArgs([]).reportProxy, false);
  assert.equal(parseArgs(['--port', '8080']).reportProxy, false);
  assert.deepEqual(parseArgs(['--report-proxy', '--port', '8080']), {
    port: 8080,
    screenshot: null,
    reportProxy: true
  });
});

test('Download in the preview saves the PDF the simulator serves', async () => {
  const { overlay, preview } = opened();
  assert.match(preview.reportProxy ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
  const [record] = preview.sim.dataset.findBySummary('192.0.2.10', DEMO_ORG);
  assert.ok(record);
  const report = preview.sim.dataset.groups.find((g) => g.name === 'Q3 Phishing Wave');
  assert.ok(report?.pdf);
  const section = overlay.page.locator(`section.tc-org[data-indicator-id="${record.id}"]`);
  await section.locator('.tc-tab[data-tab="associations"]').click();
  await settled(overlay.page);

  const [download] = await Promise.all([
    overlay.page.waitForEvent('download'),
    section.locator(`.tc-group[data-id="${report.id}"] button.tc-download`).click()
  ]);
  assert.equal(await download.failure(), null);
  const path = await download.path();
  assert.ok((await readFile(path)).equals(report.pdf));
  assert.equal(download.suggestedFilename(), 'Q3 Phishing Wave.pdf');
  assert.deepEqual((await calls(overlay.page)).slice(-1), [
    { action: 'GET_DOWNLOAD_TOKEN', groupId: report.id }
  ]);
  assert.deepEqual(await takeProblems(overlay), []);
});
