/**
 * `npm run preview` as a person would use it: the page lists every demo entity the simulator knows, rendered
 * from the real onDetails, and its actions reach the real onMessage over the preview's HTTP endpoint.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_ENTITIES, DEMO_ORG } from '../../dev/sim/data/demo-dataset';
import { calls, settled, takeProblems } from './harness';
import { usePreview } from './preview-suite';

const opened = usePreview();

test('the preview renders a block for every demo entity ThreatConnect knows, without a page error', async () => {
  const { overlay } = opened();
  // The preview searches inactive indicators too, so only the entities absent from every visible owner are missing.
  const known = DEMO_ENTITIES.filter((d) => !/a miss|cannot see/.test(d.note)).map((d) => d.value);
  assert.deepEqual(await overlay.page.locator('.harness-entity').allTextContents(), known);
  assert.deepEqual(await takeProblems(overlay), []);
});

test('an action in the preview goes to the real onMessage and changes the simulator', async () => {
  const { overlay, preview } = opened();
  const [record] = preview.sim.dataset.findBySummary('192.0.2.10', DEMO_ORG);
  assert.ok(record);
  const section = overlay.page.locator(`section.tc-org[data-indicator-id="${record.id}"]`);
  await section.locator('button.tc-skull[data-value="2"]').click();
  await settled(overlay.page);
  assert.deepEqual(await calls(overlay.page), [{ action: 'SET_RATING', indicatorId: record.id, rating: 2 }]);
  assert.equal(preview.sim.dataset.getIndicator(record.id)?.rating, 2);
  assert.equal(((await section.locator('.tc-rating-text').textContent()) ?? '').trim(), '2 – Low');
  assert.deepEqual(await takeProblems(overlay), []);
});

test('as shipped the preview runs no report proxy: groups link to TC and offer no Download', async () => {
  const { overlay, preview } = opened();
  assert.equal(preview.reportProxy, null);
  const [record] = preview.sim.dataset.findBySummary('192.0.2.10', DEMO_ORG);
  assert.ok(record);
  const section = overlay.page.locator(`section.tc-org[data-indicator-id="${record.id}"]`);
  await section.locator('.tc-tab[data-tab="associations"]').click();
  await settled(overlay.page);
  assert.equal(await section.locator('.tc-group').count(), 3);
  assert.equal(await section.locator('.tc-group a.tc-item-name').count(), 3);
  assert.equal(await overlay.page.locator('button.tc-download').count(), 0);
  assert.deepEqual(await takeProblems(overlay), []);
});
