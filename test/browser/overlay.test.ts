/**
 * The real overlay (components/threatconnect.js + templates/threatconnect.hbs + styles) in headless Chromium,
 * rendering what the real integration.js onDetails returned from the simulator. The tests click, type and drag
 * it, assert the exact sendIntegrationMessage payloads, and script *when* replies arrive (held to see the
 * in-flight state) while the replies themselves come from the real onMessage, except where a test needs a
 * failure at a precise moment.
 */
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import type { OrganizationView, TcDetails } from '../../lib/types/details';
import type { PolarityOptions } from '../../lib/types/polarity';
import {
  createDemoDataset,
  DEMO_USER,
  DEMO_COMMUNITY,
  DEMO_ORG,
  DEMO_SOURCE
} from '../../dev/sim/data/demo-dataset';
import {
  blockData,
  bridgeMessages,
  calls,
  flashes,
  held,
  recreate,
  release,
  render,
  reply,
  settled,
  sharedOverlay,
  takeProblems,
  type OverlayPage
} from './harness';
import { detailsOf, orgOf, startRealData, type RealData } from './real-data';
import { resetRuntime, setRuntime } from '../../lib/runtime';
import { legacyDetails, makeBlock, makeDetails, type BlockInput } from './fixtures';

const XSS = '<img src=x onerror=window.__xss=1>';
const EICAR_SHA256 = '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f';

const overlayPage = sharedOverlay();
let overlay: OverlayPage;
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

function page() {
  return overlay.page;
}

/** Looks the values up through the real integration and renders them; the render itself must be clean. */
async function show(values: string[], overrides: Partial<PolarityOptions> = {}): Promise<BlockInput[]> {
  const blocks = await data.blocks(values, overrides);
  await render(page(), blocks);
  assert.deepEqual(await takeProblems(overlay), [], 'rendering raised errors, warnings or deprecations');
  return blocks;
}

function section(org: OrganizationView | number): Locator {
  const id = typeof org === 'number' ? org : org.indicatorId;
  return page().locator(`section.tc-org[data-indicator-id="${id}"]`);
}

/** The text as written (textContent, so CSS such as text-transform does not change it), whitespace collapsed. */
async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

async function texts(locator: Locator): Promise<string[]> {
  return (await locator.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
}

async function skulls(s: Locator): Promise<{ full: number; half: number }> {
  return {
    full: await s.locator('.tc-skull.is-full').count(),
    half: await s.locator('.tc-skull.is-half').count()
  };
}

/** The real onMessage's reply to a held payload, to release it with. */
async function realReplyToHeld(index = 0): Promise<{ resolve: unknown }> {
  const payloads = await held(page());
  assert.ok(payloads[index], `no held call #${index}`);
  return { resolve: await data.onMessage(payloads[index]) };
}

const DANGER = { type: 'unv-danger', icon: 'exclamation-circle', timeout: 3000 };

describe('rendering onDetails output', () => {
  test('an address seen in three owners: header, labels, badges, score, rating, confidence, dates, tags', async () => {
    const [block] = await show(['192.0.2.10']);
    const demo = orgOf(block, DEMO_ORG);
    const community = orgOf(block, DEMO_COMMUNITY);

    assert.deepEqual(await texts(page().locator('section.tc-org .tc-owner')), [
      'Demo Organization Organization',
      "Analysts' Community Community",
      'Open Feeds, Tier 1 Source'
    ]);
    const link = section(demo).locator('a.tc-owner-link');
    assert.equal(await link.getAttribute('href'), demo.webLink);
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.match((await link.getAttribute('rel')) ?? '', /\bnoopener\b/);

    const amber = section(demo).locator('.tc-security-label');
    assert.equal(await text(amber), 'TLP:AMBER');
    assert.equal(await amber.getAttribute('style'), 'background-color: #ffc000; color: #000');
    assert.equal(await text(section(demo).locator('.tc-badge-false-positive')), '1 false positive');
    assert.equal(await section(community).locator('.tc-badge-false-positive').count(), 0);
    assert.equal(await page().locator('.tc-badge-inactive').count(), 0);

    assert.deepEqual(await texts(section(demo).locator('.tc-tab')), ['Info', 'Associations', 'DNS']);
    assert.equal(await text(section(demo).locator('.tc-score-value')), '721');
    assert.equal(await section(demo).locator('.tc-score-fill').getAttribute('style'), 'width: 72.1%');
    assert.deepEqual(await skulls(section(demo)), { full: 4, half: 0 });
    assert.equal(await text(section(demo).locator('.tc-rating-text')), '4 – High');
    assert.equal(await section(demo).locator('.tc-confidence-slider').inputValue(), '85');
    assert.equal(await text(section(demo).locator('.tc-confidence-text')), '85 – Probable');
    assert.equal(
      await text(section(demo).locator('.tc-observations .p-value')),
      '12 (last 2024-04-01 07:59 UTC)'
    );
    assert.equal(await text(section(demo).locator('.tc-false-positive-count')), '1');
    assert.equal(
      await text(section(demo).locator('.tc-false-positive-last')),
      'last reported 2024-02-10 00:00 UTC'
    );
    assert.equal(await text(section(demo).locator('.tc-date-added .p-value')), '2023-09-28 14:02 UTC');
    assert.equal(await text(section(demo).locator('.tc-last-modified .p-value')), '2024-04-01 08:00 UTC');
    assert.equal(
      await text(section(demo).locator('.tc-description .p-value')),
      'Command-and-control node seen in the Q3 phishing wave.'
    );
    assert.deepEqual(await texts(section(demo).locator('.tc-attribute')), ['Source: Internal SOC']);
    assert.deepEqual(await texts(section(demo).locator('.tc-tag-name')), ['APT', 'C2']);
    assert.equal(await section(demo).locator('.tc-report-false-positive').count(), 1);

    // TC ratings can be fractional: 3.5 is three skulls and a half, and says so.
    assert.deepEqual(await skulls(section(community)), { full: 3, half: 1 });
    assert.equal(await text(section(community).locator('.tc-rating-text')), '3.5 – Moderate');
    assert.equal(await text(section(community).locator('.tc-false-positive-last')), 'last reported —');

    assert.deepEqual(await calls(page()), [], 'rendering sends no message');
  });

  test('DNS and WHOIS tabs follow the indicator type: Host has both, File neither', async () => {
    const [host, file] = await show(['malware-c2.example', EICAR_SHA256]);
    assert.deepEqual(await texts(section(orgOf(host, DEMO_ORG)).locator('.tc-tab')), [
      'Info',
      'Associations',
      'DNS',
      'WHOIS'
    ]);
    assert.deepEqual(await texts(section(orgOf(file, DEMO_ORG)).locator('.tc-tab')), [
      'Info',
      'Associations'
    ]);
  });

  test('an inactive indicator is badged as such', async () => {
    const [block] = await show(['203.0.113.66']);
    const [org] = detailsOf(block).organizations;
    assert.equal(org.active, false);
    assert.equal(await text(section(org).locator('.tc-badge-inactive')), 'Inactive');
  });

  test('owner names, tags and descriptions from TC are text, never HTML', async () => {
    // An owner and a tag carrying markup, added to the simulator's data so they come back through onDetails.
    await data.close();
    const dataset = createDemoDataset();
    dataset.addOwner({ name: XSS, type: 'Community' });
    dataset.addIndicator({ ownerName: XSS, type: 'Host', value: 'xss-probe.test', rating: 1, tags: [XSS] });
    data = await startRealData({ dataset, users: [{ ...DEMO_USER, owners: [...DEMO_USER.owners, XSS] }] });
    const dialogs: string[] = [];
    const onDialog = (d: { message(): string; dismiss(): Promise<void> }) => {
      dialogs.push(d.message());
      void d.dismiss();
    };
    page().on('dialog', onDialog);
    try {
      const [block] = await show(['xss-probe.test']);
      const crafted = orgOf(block, XSS);
      const probe = orgOf(block, DEMO_SOURCE);
      assert.equal(await text(section(crafted).locator('.tc-owner-name')), XSS);
      assert.deepEqual(await texts(section(crafted).locator('.tc-tag-name')), [XSS]);
      assert.deepEqual(
        await texts(section(probe).locator('.tc-tag-name')),
        probe.tags.map((t) => t.name)
      );
      assert.equal(await text(section(probe).locator('.tc-description .p-value')), probe.description);
      assert.match(
        probe.description ?? '',
        /<script>/,
        'the simulator still sends markup in the description'
      );
      assert.equal(await page().locator('#overlay img, #overlay script').count(), 0);
      await settled(page());
      assert.equal(await page().evaluate('window.__xss'), undefined);
      assert.deepEqual(dialogs, []);
    } finally {
      page().off('dialog', onDialog);
    }
  });

  test('with editing turned off there is no control to change anything', async () => {
    const [block] = await show(['192.0.2.10'], { enableEditing: false });
    assert.equal(detailsOf(block).editingEnabled, false);
    const overlayRoot = page().locator('#overlay');
    assert.equal(await overlayRoot.locator('span.tc-skull').count(), 15, 'skulls still show the rating');
    for (const selector of [
      'button.tc-skull',
      '.tc-rating-clear',
      '.tc-confidence-slider',
      '.tc-tag-remove',
      '.tc-tag-input',
      '.tc-tag-add-button',
      '.tc-report-false-positive'
    ]) {
      assert.equal(await overlayRoot.locator(selector).count(), 0, selector);
    }
    assert.equal(await text(section(orgOf(block, DEMO_ORG)).locator('.tc-confidence-text')), '85 – Probable');
    await section(orgOf(block, DEMO_ORG)).locator('span.tc-skull').nth(1).click();
    assert.deepEqual(await calls(page()), []);
  });

  test('details cached by an older integration version show a re-search message, not a broken overlay', async () => {
    // Hand-written: the simulator and the current integration cannot produce an older cache entry.
    const shapes = [
      legacyDetails(),
      { ...makeDetails(), schemaVersion: 2 },
      { ...makeDetails(), schemaVersion: undefined },
      { ...makeDetails(), organizations: 'not a list' }
    ];
    await render(
      page(),
      shapes.map((details) => makeBlock(details))
    );
    assert.deepEqual(
      await texts(page().locator('.tc-old-shape')),
      Array(shapes.length).fill(
        'These results were cached by an older version of the integration. Search again to refresh.'
      )
    );
    assert.equal(await page().locator('section.tc-org').count(), 0);
  });
});

describe('rating', () => {
  test('clicking a skull sends SET_RATING; only that organization spins and locks its rating until the reply', async () => {
    const [block] = await show(['192.0.2.10']);
    const community = orgOf(block, DEMO_COMMUNITY);
    const demo = orgOf(block, DEMO_ORG);
    await reply(page(), 'SET_RATING', { hold: true });

    await section(community).locator('button.tc-skull[data-value="2"]').click();
    assert.deepEqual(await calls(page()), [
      { action: 'SET_RATING', indicatorId: community.indicatorId, rating: 2 }
    ]);
    assert.deepEqual(
      await skulls(section(community)),
      { full: 2, half: 0 },
      'shows the new rating while saving'
    );
    assert.equal(await section(community).locator('.tc-rating .tc-spinner').count(), 1);
    assert.equal(await section(community).locator('button.tc-skull:disabled').count(), 5);
    assert.equal(await section(community).locator('.tc-rating-clear').isDisabled(), true);
    assert.equal(await section(demo).locator('.tc-rating .tc-spinner').count(), 0);
    assert.equal(await section(demo).locator('button.tc-skull:disabled').count(), 0);

    await release(page(), 0, await realReplyToHeld());
    assert.deepEqual(await skulls(section(community)), { full: 2, half: 0 });
    assert.equal(await text(section(community).locator('.tc-rating-text')), '2 – Low');
    assert.equal(await section(community).locator('.tc-spinner').count(), 0);
    assert.equal(await section(community).locator('button.tc-skull:disabled').count(), 0);
    assert.equal(data.sim.dataset.getIndicator(community.indicatorId)?.rating, 2);
  });

  test('the clear control sends rating 0', async () => {
    const [block] = await show(['192.0.2.10']);
    const demo = orgOf(block, DEMO_ORG);
    await reply(page(), 'SET_RATING', { hold: true });
    await section(demo).locator('.tc-rating-clear').click();
    assert.deepEqual(await calls(page()), [
      { action: 'SET_RATING', indicatorId: demo.indicatorId, rating: 0 }
    ]);
    await release(page(), 0, await realReplyToHeld());
    assert.deepEqual(await skulls(section(demo)), { full: 0, half: 0 });
    assert.equal(await text(section(demo).locator('.tc-rating-text')), 'Unknown');
  });

  test('a failed write flashes the error and the skulls snap back', async () => {
    const [block] = await show(['192.0.2.10']);
    const community = orgOf(block, DEMO_COMMUNITY);
    await reply(page(), 'SET_RATING', { hold: true });
    await section(community).locator('button.tc-skull[data-value="5"]').click();
    assert.deepEqual(await skulls(section(community)), { full: 5, half: 0 });

    await release(page(), 0, { reject: { detail: 'ThreatConnect is unavailable (HTTP 503)' } });
    assert.deepEqual(await flashes(page()), [
      { message: 'ThreatConnect: ThreatConnect is unavailable (HTTP 503)', ...DANGER }
    ]);
    assert.deepEqual(await skulls(section(community)), { full: 3, half: 1 });
    assert.equal(await text(section(community).locator('.tc-rating-text')), '3.5 – Moderate');
    assert.equal(await section(community).locator('button.tc-skull:disabled').count(), 0);
  });
});

describe('confidence', () => {
  async function dragToRightEnd(slider: Locator): Promise<void> {
    const box = await slider.boundingBox();
    assert.ok(box);
    const y = box.y + box.height / 2;
    await page().mouse.move(box.x + box.width * 0.85, y);
    await page().mouse.down();
    await page().mouse.move(box.x + box.width + 40, y, { steps: 8 });
    await page().mouse.up();
  }

  test('dragging the slider sends SET_CONFIDENCE with its string value and locks it until the reply', async () => {
    const [block] = await show(['192.0.2.10']);
    const demo = orgOf(block, DEMO_ORG);
    const slider = section(demo).locator('.tc-confidence-slider');
    await reply(page(), 'SET_CONFIDENCE', { hold: true });

    await dragToRightEnd(slider);
    assert.deepEqual(await calls(page()), [
      { action: 'SET_CONFIDENCE', indicatorId: demo.indicatorId, confidence: '100' }
    ]);
    assert.equal(await slider.isDisabled(), true);
    assert.equal(await section(demo).locator('.tc-confidence .tc-spinner').count(), 1);
    assert.equal(await text(section(demo).locator('.tc-confidence-text')), '100');
    assert.equal(
      await section(orgOf(block, DEMO_COMMUNITY)).locator('.tc-confidence-slider').isDisabled(),
      false
    );

    await release(page(), 0, await realReplyToHeld());
    assert.equal(await slider.isDisabled(), false);
    assert.equal(await slider.inputValue(), '100');
    assert.equal(await text(section(demo).locator('.tc-confidence-text')), '100 – Confirmed');
    assert.equal(data.sim.dataset.getIndicator(demo.indicatorId)?.confidence, 100);
  });

  test('a failed write flashes the error and the slider snaps back', async () => {
    const [block] = await show(['192.0.2.10']);
    const demo = orgOf(block, DEMO_ORG);
    const slider = section(demo).locator('.tc-confidence-slider');
    await reply(page(), 'SET_CONFIDENCE', { rejectError: 'socket hang up' });
    await dragToRightEnd(slider);
    assert.deepEqual(await flashes(page()), [{ message: 'ThreatConnect: socket hang up', ...DANGER }]);
    assert.equal(await slider.inputValue(), '85');
    assert.equal(await text(section(demo).locator('.tc-confidence-text')), '85 – Probable');
    assert.equal(await slider.isDisabled(), false);
  });
});

describe('tags', () => {
  test('typing a tag and pressing Enter sends ADD_TAG; the tag controls lock and spin until the reply adds it', async () => {
    const [block] = await show(['192.0.2.10']);
    const community = orgOf(block, DEMO_COMMUNITY);
    const demo = orgOf(block, DEMO_ORG);
    const input = section(community).locator('.tc-tag-input');
    await reply(page(), 'ADD_TAG', { hold: true });

    await input.click();
    await input.pressSequentially('Ransomware');
    await input.press('Enter');
    assert.deepEqual(await calls(page()), [
      { action: 'ADD_TAG', indicatorId: community.indicatorId, tag: 'Ransomware' }
    ]);
    assert.equal(await section(community).locator('.tc-tag-add-button .tc-spinner').count(), 1);
    assert.equal(await input.isDisabled(), true);
    assert.equal(await section(community).locator('.tc-tag-add-button').isDisabled(), true);
    assert.equal(await section(community).locator('.tc-tag-remove:disabled').count(), 1);
    assert.equal(await section(demo).locator('.tc-tag-input').isDisabled(), false);
    assert.equal(await section(demo).locator('.tc-spinner').count(), 0);

    await release(page(), 0, await realReplyToHeld());
    assert.deepEqual(await texts(section(community).locator('.tc-tag-name')), ['Botnet', 'Ransomware']);
    assert.equal(await input.inputValue(), '', 'the input clears once the tag is added');
    assert.equal(await input.isDisabled(), false);
    assert.equal(await section(community).locator('.tc-spinner').count(), 0);
  });

  test('a tag the server refuses is not added, stays in the input, and the server’s reason is flashed', async () => {
    const [block] = await show(['192.0.2.10']);
    const community = orgOf(block, DEMO_COMMUNITY);
    const input = section(community).locator('.tc-tag-input');
    const tooLong = 'x'.repeat(129);
    await reply(page(), 'ADD_TAG', { hold: true });
    await input.fill(tooLong);
    await section(community).locator('.tc-tag-add-button').click();
    assert.deepEqual(await calls(page()), [
      { action: 'ADD_TAG', indicatorId: community.indicatorId, tag: tooLong }
    ]);

    const refusal = await realReplyToHeld();
    assert.deepEqual(refusal.resolve, { error: { detail: 'Tags can be at most 128 characters' } });
    await release(page(), 0, refusal);
    assert.deepEqual(await flashes(page()), [
      { message: 'ThreatConnect: Tags can be at most 128 characters', ...DANGER }
    ]);
    assert.deepEqual(await texts(section(community).locator('.tc-tag-name')), ['Botnet']);
    assert.equal(await input.inputValue(), tooLong);
  });

  test('the × of a tag sends REMOVE_TAG, spins on that tag only, and the reply removes it', async () => {
    const [block] = await show(['192.0.2.10']);
    const demo = orgOf(block, DEMO_ORG);
    await reply(page(), 'REMOVE_TAG', { hold: true });
    await section(demo).locator('.tc-tag[data-tag="C2"] .tc-tag-remove').click();
    assert.deepEqual(await calls(page()), [
      { action: 'REMOVE_TAG', indicatorId: demo.indicatorId, tag: 'C2' }
    ]);
    assert.equal(await section(demo).locator('.tc-tag[data-tag="C2"] .tc-spinner').count(), 1);
    assert.equal(await section(demo).locator('.tc-tag[data-tag="APT"] .tc-spinner').count(), 0);
    assert.equal(await section(demo).locator('.tc-tag-add-button .tc-spinner').count(), 0);

    await release(page(), 0, await realReplyToHeld());
    assert.deepEqual(await texts(section(demo).locator('.tc-tag-name')), ['APT']);
  });
});

describe('false positives', () => {
  test('Report False Positive sends the payload; the reply updates the count, date and badge', async () => {
    const [block] = await show(['192.0.2.10']);
    const community = orgOf(block, DEMO_COMMUNITY);
    const button = section(community).locator('.tc-report-false-positive');
    await reply(page(), 'REPORT_FALSE_POSITIVE', { hold: true });
    await button.click();
    assert.deepEqual(await calls(page()), [
      { action: 'REPORT_FALSE_POSITIVE', indicatorId: community.indicatorId }
    ]);
    assert.equal(await button.isDisabled(), true);
    assert.equal(await button.locator('.tc-spinner').count(), 1);

    await release(page(), 0, await realReplyToHeld());
    assert.equal(await text(section(community).locator('.tc-false-positive-count')), '1');
    assert.match(
      await text(section(community).locator('.tc-false-positive-last')),
      /^last reported \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/
    );
    assert.equal(await text(section(community).locator('.tc-badge-false-positive')), '1 false positive');
    assert.deepEqual(await flashes(page()), [
      {
        message: 'ThreatConnect: false positive reported',
        type: 'unv-success',
        icon: 'check-circle',
        timeout: 3000
      }
    ]);
    assert.equal(await button.isDisabled(), false);
  });
});

describe('lazy tabs', () => {
  test('Associations loads on first open with two GET_FIELD calls, spins in the tab, then shows its count', async () => {
    const [block] = await show(['malware-c2.example']);
    const demo = orgOf(block, DEMO_ORG);
    const tab = section(demo).locator('.tc-tab[data-tab="associations"]');
    await reply(page(), 'GET_FIELD', { hold: true });

    await tab.click();
    assert.deepEqual(await calls(page()), [
      { action: 'GET_FIELD', indicatorId: demo.indicatorId, field: 'associatedGroups' },
      { action: 'GET_FIELD', indicatorId: demo.indicatorId, field: 'associatedIndicators' }
    ]);
    assert.equal(await tab.locator('.tc-spinner').count(), 1);
    assert.equal(await tab.locator('.tc-count').count(), 0);
    assert.equal(await section(demo).locator('.tc-associations .tc-loading').count(), 2);

    const groups = await realReplyToHeld(0);
    const indicators = await realReplyToHeld(1);
    await release(page(), 0, groups);
    await release(page(), 1, indicators);
    const groupItems = (groups.resolve as { items: Array<{ name: string; webLink: string }> }).items;
    const indicatorItems = (indicators.resolve as { items: unknown[] }).items;
    assert.equal(await text(tab.locator('.tc-count')), String(groupItems.length + indicatorItems.length));
    assert.equal(await tab.locator('.tc-spinner').count(), 0);
    const links = section(demo).locator('.tc-group a.tc-item-name');
    assert.deepEqual(
      await texts(links),
      groupItems.map((g) => g.name)
    );
    assert.equal(await links.first().getAttribute('href'), groupItems[0].webLink);
    assert.equal(await links.first().getAttribute('target'), '_blank');
    assert.equal(
      await section(demo).locator('.tc-group button').count(),
      0,
      'no Download button without the report proxy (download.test.ts)'
    );
    assert.equal(await section(demo).locator('.tc-indicator').count(), indicatorItems.length);

    await section(demo).locator('.tc-tab[data-tab="info"]').click();
    await tab.click();
    assert.equal((await calls(page())).length, 2, 'a loaded tab does not load again');
  });

  test('long lists page 10 at a time', async () => {
    const [block] = await show(['192.0.2.10']);
    const demo = orgOf(block, DEMO_ORG);
    // More groups than a page, added to the simulator so they come back through the real GET_FIELD.
    for (let i = 1; i <= 20; i++) {
      const group = data.sim.dataset.addGroup({
        ownerName: DEMO_ORG,
        type: 'Report',
        name: `Extra report ${i}`
      });
      data.sim.dataset.associateGroup(demo.indicatorId, group.id);
    }
    await bridgeMessages(overlay, (payload) => data.onMessage(payload));
    await section(demo).locator('.tc-tab[data-tab="associations"]').click();
    await settled(page());

    const groups = section(demo).locator('.tc-groups');
    assert.equal(await text(groups.locator('.tc-page-range')), '1–10 of 23');
    assert.equal(await groups.locator('.tc-group').count(), 10);
    assert.equal(await groups.locator('.tc-page-prev').isDisabled(), true);
    await groups.locator('.tc-page-next').click();
    assert.equal(await text(groups.locator('.tc-page-range')), '11–20 of 23');
    await groups.locator('.tc-page-next').click();
    assert.equal(await text(groups.locator('.tc-page-range')), '21–23 of 23');
    assert.equal(await groups.locator('.tc-group').count(), 3);
    assert.equal(await groups.locator('.tc-page-next').isDisabled(), true);
    await groups.locator('.tc-page-prev').click();
    assert.equal(await text(groups.locator('.tc-page-range')), '11–20 of 23');
    assert.equal(
      await section(demo).locator('.tc-indicators .tc-pager').count(),
      0,
      'a short list has no pager'
    );
  });

  test('DNS lists each resolved value once, with its latest date', async () => {
    const [block] = await show(['192.0.2.10']);
    const demo = orgOf(block, DEMO_ORG);
    const real = (await data.onMessage({
      action: 'GET_FIELD',
      indicatorId: demo.indicatorId,
      field: 'dnsResolution'
    })) as {
      items: Array<{ value: string }>;
    };
    assert.ok(
      new Set(real.items.map((i) => i.value)).size < real.items.length,
      'the simulator repeats a resolution, which is what this test is about'
    );
    await bridgeMessages(overlay, (payload) => data.onMessage(payload));
    await section(demo).locator('.tc-tab[data-tab="dns"]').click();
    await settled(page());
    assert.deepEqual(await texts(section(demo).locator('.tc-resolution')), [
      'malware-c2.example 2024-03-30 21:14 UTC',
      'update-0.test 2023-12-01 02:00 UTC'
    ]);
    assert.equal(await text(section(demo).locator('.tc-tab[data-tab="dns"] .tc-count')), '2');
    // A resolution TC knows as an indicator links to it, on the simulator's own port (TC omits it).
    const href = await section(demo).locator('.tc-resolution a.tc-item-name').first().getAttribute('href');
    assert.match(href ?? '', /^http:\/\/127\.0\.0\.1:\d+\/#\/details\/indicators\/\d+\/overview$/);
  });

  test('a failed load shows the error in the tab with a Retry that loads it', async () => {
    const [block] = await show(['malware-c2.example']);
    const demo = orgOf(block, DEMO_ORG);
    const whois = await data.onMessage({
      action: 'GET_FIELD',
      indicatorId: demo.indicatorId,
      field: 'whois'
    });
    await reply(page(), 'GET_FIELD', { reject: { detail: 'Request timed out' } }, { resolve: whois });
    const tab = section(demo).locator('.tc-tab[data-tab="whois"]');
    await tab.click();
    await settled(page());
    assert.equal(
      await text(section(demo).locator('.tc-field-error-message')),
      'Could not load the WHOIS record: Request timed out'
    );
    assert.equal(await tab.locator('.tc-count').count(), 0);
    assert.deepEqual(await flashes(page()), [], 'the error is shown in the tab, not flashed');

    await section(demo).locator('.tc-field-retry').click();
    await settled(page());
    assert.equal(await text(tab.locator('.tc-count')), '1');
    assert.match(
      await text(section(demo).locator('.tc-whois-record')),
      /Registrar: Example Registrar, Inc\./
    );
    assert.deepEqual(await calls(page()), [
      { action: 'GET_FIELD', indicatorId: demo.indicatorId, field: 'whois' },
      { action: 'GET_FIELD', indicatorId: demo.indicatorId, field: 'whois' }
    ]);
  });
});

describe('organizations and component lifetime', () => {
  test('two organizations act independently: inputs, spinners, locks and tabs', async () => {
    const [block] = await show(['192.0.2.10']);
    const demo = orgOf(block, DEMO_ORG);
    const community = orgOf(block, DEMO_COMMUNITY);

    await section(demo).locator('.tc-tag-input').pressSequentially('only here');
    assert.equal(await section(demo).locator('.tc-tag-input').inputValue(), 'only here');
    assert.equal(await section(community).locator('.tc-tag-input').inputValue(), '');

    await reply(page(), 'SET_RATING', { hold: true });
    await section(demo).locator('button.tc-skull[data-value="1"]').click();
    await settled(page());
    assert.equal(await section(demo).locator('.tc-spinner').count(), 1);
    assert.equal(await section(community).locator('.tc-spinner').count(), 0);
    assert.equal(await section(community).locator('button.tc-skull:disabled').count(), 0);

    await reply(page(), 'GET_FIELD', { hold: true });
    await section(community).locator('.tc-tab[data-tab="associations"]').click();
    await settled(page());
    assert.equal(await section(community).locator('.tc-tab.active').getAttribute('data-tab'), 'associations');
    assert.equal(await section(demo).locator('.tc-tab.active').getAttribute('data-tab'), 'info');
    assert.deepEqual(await calls(page()), [
      { action: 'SET_RATING', indicatorId: demo.indicatorId, rating: 1 },
      { action: 'GET_FIELD', indicatorId: community.indicatorId, field: 'associatedGroups' },
      { action: 'GET_FIELD', indicatorId: community.indicatorId, field: 'associatedIndicators' }
    ]);
  });

  test('re-creating the component keeps the open tab, the loaded list and the tag draft', async () => {
    const [block] = await show(['192.0.2.10']);
    const demo = orgOf(block, DEMO_ORG);
    await bridgeMessages(overlay, (payload) => data.onMessage(payload));
    await section(demo).locator('.tc-tag-input').fill('draft');
    await section(demo).locator('.tc-tab[data-tab="dns"]').click();
    await settled(page());
    assert.equal((await calls(page())).length, 1);

    await recreate(page());
    assert.equal(await section(demo).locator('.tc-tab.active').getAttribute('data-tab'), 'dns');
    assert.equal(await section(demo).locator('.tc-resolution').count(), 2);
    assert.equal((await calls(page())).length, 1, 'nothing is loaded again');
    await section(demo).locator('.tc-tab[data-tab="info"]').click();
    assert.equal(await section(demo).locator('.tc-tag-input').inputValue(), 'draft');
  });

  test('a lookup TC could not answer offers Retry, which replaces the block with the retried lookup', async () => {
    // The integration retries a 503 with backoff before giving up; skip the waits, not the retries.
    setRuntime({ sleep: async () => undefined });
    try {
      data.sim.addFault({ path: '/api/v3/indicators', kind: 'status', status: 503 });
      const [failed] = await show(['192.0.2.10']);
      const { errorMessage } = detailsOf(failed);
      assert.match(errorMessage ?? '', /503/, 'the simulator fault made the lookup retryable');
      assert.equal(await text(page().locator('.tc-lookup-error-message')), errorMessage);
      assert.equal(await page().locator('section.tc-org').count(), 0);

      data.sim.clearFaults();
      await bridgeMessages(overlay, (payload) => data.onMessage(payload));
      await page().locator('.tc-retry-lookup').click();
      await settled(page());
      assert.deepEqual(await calls(page()), [{ action: 'RETRY_LOOKUP', entity: failed.entity }]);
      assert.equal(await page().locator('.tc-lookup-error').count(), 0);
      assert.equal(await page().locator('section.tc-org').count(), 3);
      assert.deepEqual(
        ((await blockData(page())) as { details: TcDetails }).details.organizations.map((o) => o.owner.name),
        [DEMO_ORG, DEMO_COMMUNITY, DEMO_SOURCE]
      );
    } finally {
      resetRuntime();
    }
  });
});
