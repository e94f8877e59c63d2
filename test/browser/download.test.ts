/**
 * The report Download button in Chromium. The integration is the built integration.js against the simulator,
 * and the report proxy is the real one, started as `startup` starts it: from a report-proxy-server.json (here a
 * temporary one that enables it on a free port). The harness server forwards the download path to the proxy as
 * nginx does on a Polarity server, so a click ends with the browser's download manager saving real bytes that
 * crossed real HTTP: simulator → proxy → harness server → Chromium.
 *
 * Where a test needs to see the in-flight state, the page holds GET_DOWNLOAD_TOKEN and releases it with the
 * real onMessage's reply.
 */
import { after, afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download, Locator } from 'playwright-core';
import { DEMO_COMMUNITY, DEMO_ORG, DEMO_USER } from '../../dev/sim/data/demo-dataset';
import type { Group } from '../../dev/sim';
import type { GroupView, OrganizationView } from '../../lib/types/details';
import { startReportProxyFromConfig } from '../../lib/report-proxy/service';
import { isReportProxyEnabled } from '../../lib/report-proxy/state';
import { fetchUrl, freePort } from '../proxy/helpers';
import {
  bridgeMessages,
  calls,
  flashes,
  held,
  heldIndex,
  release,
  render,
  reply,
  settled,
  sharedOverlay,
  takeProblems,
  type OverlayPage
} from './harness';
import { detailsOf, orgOf, startRealData, type RealData } from './real-data';
import type { BlockInput } from './fixtures';

// The built file, as Polarity loads it; the same module instances as real-data.ts uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const integration = require('../../integration.js') as typeof import('../../integration');

const TOKEN = /^[0-9a-f]{128}$/;
const DANGER = { type: 'unv-danger', icon: 'exclamation-circle', timeout: 3000 };
const NOT_ENABLED = 'Report downloads are not enabled on this Polarity server';

const dir = mkdtempSync(join(tmpdir(), 'tc-browser-download-'));
const configPath = join(dir, 'report-proxy-server.json');

const overlayPage = sharedOverlay(async () => {
  const port = await freePort();
  // What an admin writes into config/report-proxy-server.json to turn the proxy on.
  writeFileSync(configPath, JSON.stringify({ enabled: true, port }));
  return { reportProxy: `http://127.0.0.1:${port}` };
});
let overlay: OverlayPage;
let data: RealData;
/** The URL of every download the page started (Playwright reports downloads as events, not page requests). */
let downloads: string[];

function recordDownload(download: Download): void {
  downloads.push(download.url());
}

beforeEach(async () => {
  overlay = overlayPage();
  // startup (inside startRealData) reads the shipped config, which leaves the proxy off; then the test config.
  data = await startRealData();
  await startReportProxyFromConfig(configPath);
  assert.ok(isReportProxyEnabled(), 'the report proxy started from the test configuration');
  downloads = [];
  overlay.page.on('download', recordDownload);
});
afterEach(async () => {
  overlay?.page.off('download', recordDownload);
  await integration.shutdown();
  await data?.close();
  if (overlay)
    assert.deepEqual(await takeProblems(overlay), [], 'the page raised errors, warnings or deprecations');
});
after(() => rmSync(dir, { recursive: true, force: true }));

function page() {
  return overlay.page;
}

async function show(values: string[]): Promise<BlockInput[]> {
  const blocks = await data.blocks(values);
  await render(page(), blocks);
  assert.deepEqual(await takeProblems(overlay), [], 'rendering raised errors, warnings or deprecations');
  return blocks;
}

function section(org: OrganizationView): Locator {
  return page().locator(`section.tc-org[data-indicator-id="${org.indicatorId}"]`);
}

function groupRow(org: OrganizationView, groupId: number): Locator {
  return section(org).locator(`.tc-group[data-id="${groupId}"]`);
}

function downloadButton(org: OrganizationView, groupId: number): Locator {
  return groupRow(org, groupId).locator('button.tc-download');
}

/** What the analyst sees of a Download button. */
async function buttonState(button: Locator): Promise<{ disabled: boolean; spinner: boolean; icon: boolean }> {
  return {
    disabled: await button.isDisabled(),
    spinner: (await button.locator('.tc-spinner').count()) === 1,
    icon: (await button.locator('[data-icon="download"]').count()) === 1
  };
}

const IDLE = { disabled: false, spinner: false, icon: true };
const BUSY = { disabled: true, spinner: true, icon: false };

function fieldCalls(org: OrganizationView): unknown[] {
  return [
    { action: 'GET_FIELD', indicatorId: org.indicatorId, field: 'associatedGroups' },
    { action: 'GET_FIELD', indicatorId: org.indicatorId, field: 'associatedIndicators' }
  ];
}

/** Releases the oldest held call of this action with the real onMessage's reply to it, and returns that reply. */
async function releaseWithRealReply(action: string): Promise<unknown> {
  const payload = (await held(page())).find((p) => (p as { action?: unknown }).action === action);
  assert.ok(payload, `no ${action} call is held`);
  const index = await heldIndex(page(), action);
  const answer = await data.onMessage(payload);
  await release(page(), index, { resolve: answer });
  return answer;
}

/** Opens the organization's Associations tab with the real GET_FIELD replies; returns the groups it was sent. */
async function openGroups(org: OrganizationView): Promise<GroupView[]> {
  await reply(page(), 'GET_FIELD', { hold: true });
  await section(org).locator('.tc-tab[data-tab="associations"]').click();
  await settled(page());
  const groups = (await releaseWithRealReply('GET_FIELD')) as { field: string; items: GroupView[] };
  assert.equal(groups.field, 'associatedGroups');
  await releaseWithRealReply('GET_FIELD');
  return groups.items;
}

function simGroup(id: number): Group {
  const group = data.sim.dataset.getGroup(id);
  assert.ok(group, `the simulator has no group ${id}`);
  return group;
}

function downloadUrl(token: string): string {
  return `${overlay.server.url}/_int/threatconnect/download/${token}`;
}

describe('with the report proxy running', () => {
  test('Download shows for exactly the groups TC exports as PDF, and every group keeps its link to TC', async () => {
    const blocks = await show(['192.0.2.10', 'malware-c2.example']);
    const seen = { withButton: [] as string[], without: [] as string[] };
    for (const block of blocks) {
      assert.equal(detailsOf(block).reportProxyEnabled, true);
      for (const org of detailsOf(block).organizations) {
        for (const group of await openGroups(org)) {
          const row = groupRow(org, group.id);
          // The simulator decides on its own which groups have a PDF (reference §3.6), independently of lib/.
          const exportable = simGroup(group.id).pdf !== undefined;
          assert.equal(group.pdfExportable, exportable, `${group.type}: the integration and TC agree`);
          assert.equal(
            await row.locator('button').count(),
            exportable ? 1 : 0,
            `${group.name} (${group.type})`
          );
          const link = row.locator('a.tc-item-name');
          assert.equal(await link.getAttribute('href'), group.webLink, `${group.name} links to TC`);
          assert.equal(await link.getAttribute('target'), '_blank');
          if (!exportable) {
            seen.without.push(group.type);
            continue;
          }
          seen.withButton.push(group.type);
          const button = downloadButton(org, group.id);
          assert.equal(((await button.textContent()) ?? '').trim(), 'Download');
          assert.equal(await button.getAttribute('aria-label'), `Download ${group.name} as PDF`);
          assert.equal(await button.getAttribute('type'), 'button');
          assert.deepEqual(await buttonState(button), IDLE);
        }
      }
    }
    assert.deepEqual(seen.without.sort(), ['Document', 'Email'], 'the demo data has groups without a PDF');
    assert.deepEqual(seen.withButton.sort(), [
      'Adversary',
      'Campaign',
      'Incident',
      'Report',
      'Report',
      'Threat'
    ]);
    const sent = (await calls(page())).map((p) => (p as { action: string }).action);
    assert.deepEqual(new Set(sent), new Set(['GET_FIELD']), 'showing the buttons asks for no token');
  });

  test('a click sends GET_DOWNLOAD_TOKEN for that group and spins on its button only, then downloads from the page’s origin', async () => {
    const [block] = await show(['192.0.2.10']);
    const demo = orgOf(block, DEMO_ORG);
    const groups = await openGroups(demo);
    const report = groups.find((g) => g.type === 'Report');
    const adversary = groups.find((g) => g.type === 'Adversary');
    assert.ok(report && adversary);
    const pageUrl = page().url();
    await reply(page(), 'GET_DOWNLOAD_TOKEN', { hold: true });
    await downloadButton(demo, report.id).click();
    assert.deepEqual(await calls(page()), [
      ...fieldCalls(demo),
      { action: 'GET_DOWNLOAD_TOKEN', groupId: report.id }
    ]);
    assert.deepEqual(await buttonState(downloadButton(demo, report.id)), BUSY);
    assert.deepEqual(
      await buttonState(downloadButton(demo, adversary.id)),
      IDLE,
      'other groups wait for nothing'
    );
    assert.equal(await section(demo).locator('.tc-tab[data-tab="associations"] .tc-spinner').count(), 0);

    // A second report while the first token is still on its way: each button has its own state.
    await downloadButton(demo, adversary.id).click();
    assert.deepEqual((await calls(page())).slice(2), [
      { action: 'GET_DOWNLOAD_TOKEN', groupId: report.id },
      { action: 'GET_DOWNLOAD_TOKEN', groupId: adversary.id }
    ]);
    assert.deepEqual(await buttonState(downloadButton(demo, adversary.id)), BUSY);
    // A disabled button cannot ask twice.
    await downloadButton(demo, report.id).click({ force: true });
    assert.equal((await calls(page())).length, 4);
    assert.deepEqual(downloads, [], 'nothing is downloaded before the token arrives');

    const first = page().waitForEvent('download');
    const { token } = (await releaseWithRealReply('GET_DOWNLOAD_TOKEN')) as { token: string };
    assert.match(token, TOKEN);
    const download = await first;
    assert.equal(download.url(), downloadUrl(token));
    assert.equal(await download.failure(), null);
    assert.equal(new URL(download.url()).origin, new URL(pageUrl).origin, 'the Polarity page’s own origin');
    assert.deepEqual(await buttonState(downloadButton(demo, report.id)), IDLE);
    assert.deepEqual(await buttonState(downloadButton(demo, adversary.id)), BUSY);

    const second = page().waitForEvent('download');
    const { token: other } = (await releaseWithRealReply('GET_DOWNLOAD_TOKEN')) as { token: string };
    const secondDownload = await second;
    assert.equal(secondDownload.url(), downloadUrl(other));
    assert.equal(await secondDownload.failure(), null);
    assert.notEqual(other, token);
    assert.deepEqual(await buttonState(downloadButton(demo, adversary.id)), IDLE);

    assert.deepEqual(downloads, [downloadUrl(token), downloadUrl(other)]);
    assert.equal(page().url(), pageUrl, 'the overlay was not navigated away');
    assert.deepEqual(await flashes(page()), []);
  });
});

describe('when there is no token', () => {
  test('a refusal from the integration is flashed and the button comes back; nothing is downloaded', async () => {
    const [block] = await show(['192.0.2.10']);
    const demo = orgOf(block, DEMO_ORG);
    const report = (await openGroups(demo)).find((g) => g.type === 'Report');
    assert.ok(report);
    // The proxy stops after the overlay was rendered, e.g. the integration was restarted without it.
    await integration.shutdown();
    await reply(page(), 'GET_DOWNLOAD_TOKEN', { hold: true });
    await downloadButton(demo, report.id).click();
    assert.deepEqual(await buttonState(downloadButton(demo, report.id)), BUSY);

    assert.deepEqual(await releaseWithRealReply('GET_DOWNLOAD_TOKEN'), { error: { detail: NOT_ENABLED } });
    assert.deepEqual(await flashes(page()), [{ message: `ThreatConnect: ${NOT_ENABLED}`, ...DANGER }]);
    assert.deepEqual(await buttonState(downloadButton(demo, report.id)), IDLE);
    assert.deepEqual(downloads, []);
  });

  test('a rejected request and replies without a usable token are flashed, and the button works again', async () => {
    const [block] = await show(['192.0.2.10']);
    const community = orgOf(block, DEMO_COMMUNITY);
    const threat = (await openGroups(community)).find((g) => g.type === 'Threat');
    assert.ok(threat);
    const button = downloadButton(community, threat.id);
    const replies = [
      { reject: { detail: 'Request timed out' } },
      // A token is put into a URL on the Polarity origin: anything but the proxy's shape could lead elsewhere.
      { resolve: { token: '../../../logout' } },
      { resolve: { token: 'A'.repeat(128) } },
      { resolve: {} }
    ];
    await reply(page(), 'GET_DOWNLOAD_TOKEN', ...replies);
    for (let i = 0; i < replies.length; i++) {
      await button.click();
      await settled(page());
      assert.deepEqual(await buttonState(button), IDLE, `after reply ${i}`);
    }
    assert.deepEqual(await calls(page()), [
      ...fieldCalls(community),
      ...replies.map(() => ({ action: 'GET_DOWNLOAD_TOKEN', groupId: threat.id }))
    ]);
    const unexpected = { message: 'ThreatConnect: the integration sent an unexpected reply', ...DANGER };
    assert.deepEqual(await flashes(page()), [
      { message: 'ThreatConnect: Request timed out', ...DANGER },
      unexpected,
      unexpected,
      unexpected
    ]);
    assert.deepEqual(downloads, []);
  });
});

describe('without the report proxy', () => {
  test('there is no Download button and every group links to TC', async () => {
    await integration.shutdown();
    const blocks = await show(['192.0.2.10', 'malware-c2.example']);
    let exportable = 0;
    for (const block of blocks) {
      assert.equal(detailsOf(block).reportProxyEnabled, false);
      const demo = orgOf(block, DEMO_ORG);
      for (const group of await openGroups(demo)) {
        if (group.pdfExportable) exportable += 1;
        assert.equal(
          await groupRow(demo, group.id).locator('a.tc-item-name').getAttribute('href'),
          group.webLink
        );
      }
    }
    assert.ok(exportable > 0, 'groups TC could export are listed, so the proxy alone hides the button');
    assert.equal(await page().locator('#overlay button.tc-download').count(), 0);
  });
});

describe('end to end: the browser receives the file', () => {
  test('a click saves the PDF ThreatConnect serves for that group, under a safe .pdf name', async () => {
    const [block] = await show(['192.0.2.10']);
    const community = orgOf(block, DEMO_COMMUNITY);
    await bridgeMessages(overlay, (payload) => data.onMessage(payload));
    await section(community).locator('.tc-tab[data-tab="associations"]').click();
    await settled(page());
    // Markup in its name: it must show as text, and must not reach the file name.
    const digest = data.sim.dataset.groups.find((g) => g.name === 'Weekly <b>digest</b> & notes');
    assert.ok(digest?.pdf);
    const row = groupRow(community, digest.id);
    assert.equal(((await row.locator('.tc-item-name').textContent()) ?? '').trim(), digest.name);
    assert.equal(await page().locator('#overlay b').count(), 0);
    const pageUrl = page().url();
    data.sim.resetLog();

    const [download] = await Promise.all([
      page().waitForEvent('download'),
      downloadButton(community, digest.id).click()
    ]);
    assert.equal(await download.failure(), null);
    const saved = join(dir, 'saved.pdf');
    await download.saveAs(saved);
    const bytes = readFileSync(saved);
    assert.ok(bytes.equals(digest.pdf), 'the bytes the simulator serves for that group');
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');

    const name = download.suggestedFilename();
    assert.match(name, /^[A-Za-z0-9][A-Za-z0-9 ._-]*\.pdf$/, `a safe file name: ${name}`);
    assert.equal(name, 'Weekly _b_digest__b_ _ notes.pdf', 'the group’s name, with what is unsafe replaced');

    assert.deepEqual(await calls(page()), [
      ...fieldCalls(community),
      { action: 'GET_DOWNLOAD_TOKEN', groupId: digest.id }
    ]);
    assert.match(
      download.url(),
      new RegExp(`^${overlay.server.url}/_int/threatconnect/download/[0-9a-f]{128}$`)
    );
    const upstream = data.sim.requests.filter((r) => r.path === `/api/v3/groups/${digest.id}/pdf`);
    assert.equal(upstream.length, 1, 'one PDF request reached ThreatConnect');
    assert.equal(upstream[0].accessId, DEMO_USER.accessId, 'signed as the analyst who clicked');
    assert.ok(upstream[0].authOk);

    // The same link again: the token was spent; the proxy's own 404 comes back through the forwarding.
    const again = await fetchUrl(download.url());
    assert.equal(again.status, 404);
    assert.equal(again.body.toString(), 'Not Found\n');
    assert.equal(again.headers['x-frame-options'], 'DENY', 'answered by the report proxy');

    assert.deepEqual(await buttonState(downloadButton(community, digest.id)), IDLE);
    assert.equal(page().url(), pageUrl);
    assert.deepEqual(await flashes(page()), []);
  });

  test('when ThreatConnect refuses the report the download fails in the browser and the overlay stays', async () => {
    const [block] = await show(['malware-c2.example']);
    const demo = orgOf(block, DEMO_ORG);
    await bridgeMessages(overlay, (payload) => data.onMessage(payload));
    await section(demo).locator('.tc-tab[data-tab="associations"]').click();
    await settled(page());
    const campaign = data.sim.dataset.groups.find((g) => g.name === 'Operation Sandcastle');
    assert.ok(campaign);
    data.sim.addFault({ path: /\/pdf$/, kind: 'status', status: 500, times: 1 });
    const pageUrl = page().url();

    const [download] = await Promise.all([
      // Short: were the page navigated to the error instead, no download would ever come.
      page().waitForEvent('download', { timeout: 5000 }),
      downloadButton(demo, campaign.id).click()
    ]);
    assert.notEqual(await download.failure(), null, 'the proxy’s 502 is a failed download, not a saved file');
    assert.equal(page().url(), pageUrl, 'the overlay was not replaced by the error page');
    assert.equal(await section(demo).locator('.tc-tab.active').getAttribute('data-tab'), 'associations');
    assert.deepEqual(await buttonState(downloadButton(demo, campaign.id)), IDLE);
    assert.equal(data.sim.requests.filter((r) => r.path === `/api/v3/groups/${campaign.id}/pdf`).length, 1);
  });
});
