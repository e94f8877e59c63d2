/**
 * End to end: the overlay in Chromium with sendIntegrationMessage routed (page.exposeFunction) to the real
 * onMessage of the built integration.js, which talks to the ThreatConnect simulator. Nothing is scripted.
 */
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_COMMUNITY, DEMO_ORG } from '../../dev/sim/data/demo-dataset';
import type { TcDetails } from '../../lib/types/details';
import {
  bridgeMessages,
  calls,
  flashes,
  render,
  sendFromPage,
  settled,
  sharedOverlay,
  takeProblems,
  type OverlayPage
} from './harness';
import { startRealData, type RealData } from './real-data';

const overlayPage = sharedOverlay();
let overlay: OverlayPage | undefined;
let data: RealData;

beforeEach(async () => {
  overlay = overlayPage();
  data = await startRealData();
});
afterEach(async () => {
  await data?.close();
  if (overlay)
    assert.deepEqual(await takeProblems(overlay), [], 'the page raised errors, warnings or deprecations');
});

function indicatorId(value: string, ownerName: string): number {
  const [record] = data.sim.dataset.findBySummary(value, ownerName);
  assert.ok(record, `the simulator has no ${value} in ${ownerName}`);
  return record.id;
}

function tagsInSimulator(id: number): string[] {
  return (data.sim.dataset.getIndicator(id)?.tags ?? []).map((t) => t.name);
}

test('a tag added in the overlay is written to ThreatConnect and shown from its reply', async () => {
  const { page } = overlayPage();
  await render(page, await data.blocks(['192.0.2.10']));
  await bridgeMessages(overlayPage(), (payload) => data.onMessage(payload));
  const id = indicatorId('192.0.2.10', DEMO_COMMUNITY);
  const section = page.locator(`section.tc-org[data-indicator-id="${id}"]`);
  assert.deepEqual(tagsInSimulator(id), ['Botnet']);

  await section.locator('.tc-tag-input').pressSequentially('Exfiltration');
  await section.locator('.tc-tag-add-button').click();
  await settled(page);

  assert.deepEqual(await calls(page), [{ action: 'ADD_TAG', indicatorId: id, tag: 'Exfiltration' }]);
  assert.deepEqual(tagsInSimulator(id), ['Botnet', 'Exfiltration']);
  // Trimmed: a tag with a link to TC is an <a> whose template puts its name on a line of its own.
  const tagNames = (await section.locator('.tc-tag-name').allTextContents()).map((t) => t.trim());
  assert.deepEqual(tagNames, ['Botnet', 'Exfiltration']);
  assert.equal(await section.locator('.tc-tag-input').inputValue(), '');
  assert.deepEqual(await flashes(page), []);
});

test('a crafted message for an indicator in an owner outside the allowlist is refused and changes nothing', async () => {
  const { page } = overlayPage();
  const allowlisted = { searchAllowlist: DEMO_ORG };
  const blocks = await data.blocks(['192.0.2.10'], allowlisted);
  assert.deepEqual(
    (blocks[0].data?.details as TcDetails).organizations.map((o) => o.owner.name),
    [DEMO_ORG],
    'the overlay only shows the allowlisted owner'
  );
  await render(page, blocks);
  await bridgeMessages(overlayPage(), (payload) => data.onMessage(payload, allowlisted));
  const outside = indicatorId('192.0.2.10', DEMO_COMMUNITY);

  const crafted = { action: 'ADD_TAG', indicatorId: outside, tag: 'Injected' };
  const answer = await sendFromPage(page, crafted);
  assert.deepEqual(answer, {
    error: { detail: `The integration is not permitted to act on indicators owned by "${DEMO_COMMUNITY}"` }
  });
  assert.deepEqual(await calls(page), [crafted]);
  assert.deepEqual(tagsInSimulator(outside), ['Botnet']);
});

test('with editing turned off the server refuses a crafted write even though the overlay shows no control', async () => {
  const { page } = overlayPage();
  const readOnly = { enableEditing: false };
  await render(page, await data.blocks(['192.0.2.10'], readOnly));
  await bridgeMessages(overlayPage(), (payload) => data.onMessage(payload, readOnly));
  const id = indicatorId('192.0.2.10', DEMO_ORG);
  assert.equal(await page.locator('button.tc-skull').count(), 0);

  const answer = await sendFromPage(page, { action: 'SET_RATING', indicatorId: id, rating: 1 });
  assert.deepEqual(answer, {
    error: { detail: 'Editing ThreatConnect indicators is turned off by the administrator' }
  });
  assert.equal(data.sim.dataset.getIndicator(id)?.rating, 4);
});

test('reporting a false positive twice on one day is counted once and says so', async () => {
  const { page } = overlayPage();
  await render(page, await data.blocks(['192.0.2.10']));
  await bridgeMessages(overlayPage(), (payload) => data.onMessage(payload));
  const id = indicatorId('192.0.2.10', DEMO_COMMUNITY);
  const section = page.locator(`section.tc-org[data-indicator-id="${id}"]`);
  const button = section.locator('.tc-report-false-positive');

  await button.click();
  await settled(page);
  await button.click();
  await settled(page);

  assert.deepEqual(await calls(page), [
    { action: 'REPORT_FALSE_POSITIVE', indicatorId: id },
    { action: 'REPORT_FALSE_POSITIVE', indicatorId: id }
  ]);
  assert.deepEqual(
    (await flashes(page)).map((f) => [f.type, f.message]),
    [
      ['unv-success', 'ThreatConnect: false positive reported'],
      ['unv-info', 'ThreatConnect: you already reported this indicator as a false positive today']
    ]
  );
  assert.equal(((await section.locator('.tc-false-positive-count').textContent()) ?? '').trim(), '1');
});
