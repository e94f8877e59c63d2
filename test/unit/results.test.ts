import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildSummary,
  escapeHtml,
  sortOrganizations,
  toOrganizationView,
  hitResult
} from '../../lib/results';
import { ratingLabel, confidenceLabel } from '../../lib/labels';
import { createLinkRewriter } from '../../lib/links';
import type { TcV3Indicator } from '../../lib/types/tc';

const fixLink = createLinkRewriter('https://tc.example.test/api');
const owners = new Map([
  ['Org <b>One</b>', { id: 1, type: 'Organization' }],
  ["Analysts' Community", { id: 2, type: 'Community' }],
  ['Feed & Co', { id: 3, type: 'Source' }],
  ['Zeta Org', { id: 4, type: 'Organization' }]
]);

function indicator(id: number, ownerName: string, extra: Partial<TcV3Indicator> = {}): TcV3Indicator {
  return {
    id,
    ownerName,
    type: 'Host',
    summary: 'bad.example',
    webLink: `https://tc.example.test/#/details/indicators/${id}/overview`,
    ...extra
  };
}

test('escapeHtml escapes the five HTML metacharacters', () => {
  assert.equal(
    escapeHtml(`<img src=x onerror="a('&')">`),
    '&lt;img src=x onerror=&quot;a(&#39;&amp;&#39;)&quot;&gt;'
  );
});

test('rating and confidence labels follow TC bands, decimals included', () => {
  assert.deepEqual([null, 0, 0.5, 1, 2, 3, 3.5, 4, 4.99, 5].map(ratingLabel), [
    'Unknown',
    'Unknown',
    'Suspicious',
    'Suspicious',
    'Low',
    'Moderate',
    'Moderate',
    'High',
    'High',
    'Critical'
  ]);
  assert.deepEqual([undefined, 0, 1, 25, 26, 49, 50, 69, 70, 89, 90, 100].map(confidenceLabel), [
    'Unassessed',
    'Unassessed',
    'Improbable',
    'Improbable',
    'Doubtful',
    'Doubtful',
    'Possible',
    'Possible',
    'Probable',
    'Probable',
    'Confirmed',
    'Confirmed'
  ]);
});

test('an organization view carries owner type, ratings with labels, score and tags', () => {
  const view = toOrganizationView(
    indicator(7, "Analysts' Community", {
      rating: 3.5,
      confidence: 75,
      threatAssessScore: 420,
      active: false,
      tags: { data: [{ name: 'APT <x>' }] }
    }),
    owners,
    fixLink
  );
  assert.equal(view.owner.type, 'Community');
  assert.equal(view.owner.id, 2);
  assert.equal(view.rating, 3.5);
  assert.equal(view.ratingLabel, 'Moderate');
  assert.equal(view.confidenceLabel, 'Probable');
  assert.equal(view.threatAssessScore, 420);
  assert.equal(view.active, false);
  assert.deepEqual(view.tags, [
    {
      name: 'APT <x>',
      webLink: 'https://tc.example.test/auth/tags/tag.xhtml?tag=APT+%3Cx%3E&owner=Analysts%27+Community'
    }
  ]);
  assert.equal(view.webLink, 'https://tc.example.test/#/details/indicators/7/overview');
});

test('unset rating and confidence stay null, not 0', () => {
  const view = toOrganizationView(indicator(1, 'Zeta Org'), owners, fixLink);
  assert.equal(view.rating, null);
  assert.equal(view.confidence, null);
  assert.equal(view.ratingLabel, 'Unknown');
});

test('summary: up to three owner names then +N, the highest rating, everything escaped', () => {
  const views = sortOrganizations(
    [
      indicator(1, 'Zeta Org', { rating: 2 }),
      indicator(2, 'Feed & Co', { rating: 4.5 }),
      indicator(3, "Analysts' Community"),
      indicator(4, 'Org <b>One</b>', { rating: 1 })
    ].map((i) => toOrganizationView(i, owners, fixLink))
  );
  assert.deepEqual(
    views.map((v) => v.owner.name),
    ['Org <b>One</b>', 'Zeta Org', "Analysts' Community", 'Feed & Co']
  );
  assert.deepEqual(buildSummary(views), [
    'Org &lt;b&gt;One&lt;/b&gt;',
    'Zeta Org',
    'Analysts&#39; Community',
    '+1',
    'Rating: 4.5 High'
  ]);
});

test('a hit result keeps the original entity object and puts the details schema version', () => {
  const entity = { type: 'domain', value: 'BAD.example' };
  const result = hitResult(entity, [toOrganizationView(indicator(1, 'Zeta Org'), owners, fixLink)], {
    searchedValue: 'bad.example',
    indicatorType: 'Host',
    editingEnabled: true,
    reportProxyEnabled: false
  });
  assert.equal(result.entity, entity);
  assert.equal(result.data?.details.schemaVersion, 1);
  assert.deepEqual(result.data?.summary, ['Zeta Org']);
});
