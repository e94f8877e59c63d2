/**
 * onDetails and onMessage through the built integration.js against the simulator: fresh state
 * on expand, every overlay action, payload validation, the owner check before writes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_USER, DEMO_ORG, DEMO_COMMUNITY, DEMO_SOURCE } from '../../dev/sim/data/demo-dataset';
import { callOnce, entity, lookupOptions } from '../helpers/polarity';
import { integration, useContractSuite } from '../helpers/contract';
import type { PolarityOptions, PolarityResult } from '../../lib/types/polarity';
import type {
  ErrorReply,
  FalsePositiveReply,
  GetFieldReply,
  OrganizationView,
  RetryReply,
  TcDetails,
  WriteReply
} from '../../lib/types/details';

function options(overrides: Partial<PolarityOptions> = {}): PolarityOptions {
  return lookupOptions(ctx.sim, DEMO_USER, overrides);
}

async function lookupOne(
  value: string,
  overrides: Partial<PolarityOptions> = {}
): Promise<PolarityResult<TcDetails>> {
  const { err, result } = await callOnce<PolarityResult<TcDetails>[]>((cb) =>
    integration.doLookup([entity(value)], options(overrides), cb)
  );
  assert.equal(err, null);
  assert.ok(result?.[0]);
  return result[0];
}

async function message<T = object>(payload: unknown, overrides: Partial<PolarityOptions> = {}): Promise<T> {
  const { err, result } = await callOnce<object>((cb) =>
    integration.onMessage(payload, options(overrides), cb)
  );
  assert.equal(err, null, 'business errors travel in the reply, not as integration errors');
  return result as T;
}

function org(details: TcDetails | undefined, owner: string): OrganizationView {
  const found = details?.organizations.find((o) => o.owner.name === owner);
  assert.ok(found, `no block for ${owner}`);
  return found;
}

function writes(): number {
  return ctx.sim.requests.filter((r) => r.method !== 'GET').length;
}

const ctx = useContractSuite();

describe('onDetails', () => {
  test('re-reads every owner in one request and corrects stale cached data', async () => {
    const lookup = await lookupOne('192.0.2.10');
    const id = org(lookup.data?.details, DEMO_COMMUNITY).indicatorId;
    const record = ctx.sim.dataset.getIndicator(id);
    assert.ok(record);
    record.rating = 5;
    ctx.sim.resetLog();
    const { err, result } = await callOnce<{ summary: string[]; details: TcDetails }>((cb) =>
      integration.onDetails(lookup, options(), cb)
    );
    assert.equal(err, null);
    assert.ok(ctx.sim.requests.length <= 2, `${ctx.sim.requests.length} requests to expand`);
    assert.equal(ctx.sim.requests.filter((r) => r.path === '/api/v3/indicators').length, 1);
    const fresh = org(result?.details, DEMO_COMMUNITY);
    assert.equal(fresh.rating, 5);
    assert.equal(fresh.ratingLabel, 'Critical');
    assert.ok(result?.summary.includes('Rating: 5 Critical'));
    assert.equal(result?.details.organizations.length, 3);
    // Info-tab fields arrive with details.
    const any = result?.details.organizations ?? [];
    assert.ok(
      any.some((o) => o.securityLabels.length > 0),
      'security labels'
    );
    assert.ok(any.every((o) => o.observations !== null && o.falsePositives !== null));
  });

  test('expanding a block with many organizations keeps every re-read under the URL length limit', async () => {
    const lookup = await lookupOne('192.0.2.10');
    const details = lookup.data?.details as TcDetails;
    const visible = new Set([DEMO_ORG, DEMO_COMMUNITY, DEMO_SOURCE]);
    const many = ctx.sim.dataset.indicators.filter((r) => visible.has(r.ownerName)).slice(0, 150);
    const organizations = many.map((r) => ({ ...details.organizations[0], indicatorId: r.id }));
    ctx.sim.resetLog();
    const { err, result } = await callOnce<{ summary: string[]; details: TcDetails }>((cb) =>
      integration.onDetails(
        { ...lookup, data: { ...lookup.data, details: { ...details, organizations } } },
        options({ maxRequestUrlLength: 1024 }),
        cb
      )
    );
    assert.equal(err, null);
    const searches = ctx.sim.requests.filter((r) => r.path === '/api/v3/indicators');
    assert.ok(searches.length > 1);
    for (const s of searches)
      assert.ok(Buffer.byteLength(s.target) <= 1024, `${Buffer.byteLength(s.target)} bytes`);
    assert.equal(result?.details.organizations.length, many.length);
  });

  test('details cached by an older version do not crash: the entity is searched again', async () => {
    const stale = {
      entity: entity('192.0.2.10'),
      data: { summary: ['old'], details: { results: [{ owner: 'x' }] } }
    };
    const { err, result } = await callOnce<{ summary: string[]; details: TcDetails }>((cb) =>
      integration.onDetails(stale, options(), cb)
    );
    assert.equal(err, null);
    assert.equal(result?.details.schemaVersion, 1);
    assert.equal(result?.details.organizations.length, 3);
  });

  test('old-shape details for an entity no longer in TC come back marked unusable, not as an error', async () => {
    const stale = { entity: entity('198.51.100.254'), data: { summary: ['old'], details: 'garbage' } };
    const { err, result } = await callOnce<{ summary: string[]; details: TcDetails }>((cb) =>
      integration.onDetails(stale, options(), cb)
    );
    assert.equal(err, null);
    assert.notEqual(result?.details.schemaVersion, 1);
  });
});

describe('onMessage actions', () => {
  test('ADD_TAG then REMOVE_TAG: TC holds the change, the reply is the fresh owner block, the write is logged', async () => {
    const lookup = await lookupOne('malware-c2.example');
    const target = org(lookup.data?.details, DEMO_ORG);
    const tag = `Reviewed by "O'Neil" <${Date.now()}>`;
    const added = await message<WriteReply>({
      action: 'ADD_TAG',
      indicatorId: target.indicatorId,
      tag: `  ${tag}  `
    });
    assert.ok(added.organization.tags.some((t) => t.name === tag));
    assert.ok(ctx.sim.dataset.getIndicator(target.indicatorId)?.tags.some((t) => t.name === tag));
    const line = ctx.logger.lines.find((l) => l.level === 'info' && l.text.includes('ADD_TAG'));
    assert.ok(line, 'write logged at info');
    assert.match(line.text, /"user":"analyst"/);
    assert.match(line.text, new RegExp(`"indicatorId":${target.indicatorId}`));
    assert.match(line.text, new RegExp(`"owner":"${DEMO_ORG}"`));

    const removed = await message<WriteReply>({ action: 'REMOVE_TAG', indicatorId: target.indicatorId, tag });
    assert.ok(!removed.organization.tags.some((t) => t.name === tag));
    assert.ok(!ctx.sim.dataset.getIndicator(target.indicatorId)?.tags.some((t) => t.name === tag));
  });

  test('two organizations change independently', async () => {
    const lookup = await lookupOne('192.0.2.10');
    const a = org(lookup.data?.details, DEMO_ORG);
    const b = org(lookup.data?.details, DEMO_SOURCE);
    await message({ action: 'SET_RATING', indicatorId: a.indicatorId, rating: 1 });
    const replyB = await message<WriteReply>({ action: 'SET_RATING', indicatorId: b.indicatorId, rating: 5 });
    assert.equal(replyB.organization.owner.name, DEMO_SOURCE);
    assert.equal(ctx.sim.dataset.getIndicator(a.indicatorId)?.rating, 1);
    assert.equal(ctx.sim.dataset.getIndicator(b.indicatorId)?.rating, 5);
  });

  test('SET_RATING: 0 clears, decimals are kept, the label comes back', async () => {
    const lookup = await lookupOne('phisher@bad-mail.example');
    const id = org(lookup.data?.details, DEMO_COMMUNITY).indicatorId;
    const four = await message<WriteReply>({ action: 'SET_RATING', indicatorId: id, rating: 4 });
    assert.deepEqual([four.organization.rating, four.organization.ratingLabel], [4, 'High']);
    const half = await message<WriteReply>({ action: 'SET_RATING', indicatorId: String(id), rating: '3.5' });
    assert.deepEqual([half.organization.rating, half.organization.ratingLabel], [3.5, 'Moderate']);
    const cleared = await message<WriteReply>({ action: 'SET_RATING', indicatorId: id, rating: 0 });
    assert.deepEqual([cleared.organization.rating, cleared.organization.ratingLabel], [null, 'Unknown']);
  });

  test('SET_CONFIDENCE accepts the slider string and returns the label', async () => {
    const lookup = await lookupOne('phisher@bad-mail.example');
    const id = org(lookup.data?.details, DEMO_SOURCE).indicatorId;
    const reply = await message<WriteReply>({ action: 'SET_CONFIDENCE', indicatorId: id, confidence: '75' });
    assert.deepEqual([reply.organization.confidence, reply.organization.confidenceLabel], [75, 'Probable']);
    assert.equal(ctx.sim.dataset.getIndicator(id)?.confidence, 75);
  });

  test('REPORT_FALSE_POSITIVE counts once per day per organization and is never retried', async () => {
    const lookup = await lookupOne('192.0.2.10');
    const a = org(lookup.data?.details, DEMO_ORG);
    const b = org(lookup.data?.details, DEMO_COMMUNITY);
    const first = await message<FalsePositiveReply>({
      action: 'REPORT_FALSE_POSITIVE',
      indicatorId: a.indicatorId
    });
    assert.equal(first.falsePositive.alreadyReportedToday, false);
    assert.equal(first.organization.falsePositives, first.falsePositive.count);
    assert.ok(first.organization.lastFalsePositive);
    const again = await message<FalsePositiveReply>({
      action: 'REPORT_FALSE_POSITIVE',
      indicatorId: a.indicatorId
    });
    assert.equal(again.falsePositive.alreadyReportedToday, true);
    assert.equal(again.falsePositive.count, first.falsePositive.count);
    const other = await message<FalsePositiveReply>({
      action: 'REPORT_FALSE_POSITIVE',
      indicatorId: b.indicatorId
    });
    assert.equal(
      other.falsePositive.alreadyReportedToday,
      false,
      'another organization is counted separately'
    );

    ctx.sim.resetLog();
    ctx.sim.addFault({ method: 'POST', kind: 'status', status: 503 });
    const failed = await message<ErrorReply>({ action: 'REPORT_FALSE_POSITIVE', indicatorId: b.indicatorId });
    assert.match(failed.error.detail, /503/);
    assert.equal(
      ctx.sim.requests.filter((r) => r.method === 'POST').length,
      1,
      'the POST was sent exactly once'
    );
  });

  test('GET_FIELD loads the lazy tabs, deduplicated', async () => {
    const lookup = await lookupOne('malware-c2.example');
    const id = org(lookup.data?.details, DEMO_ORG).indicatorId;
    const groups = await message<GetFieldReply>({
      action: 'GET_FIELD',
      indicatorId: id,
      field: 'associatedGroups'
    });
    assert.equal(groups.field, 'associatedGroups');
    assert.ok(groups.items.length > 0);
    const ids = groups.items.map((g) => g.id);
    assert.equal(new Set(ids).size, ids.length);
    const dns = await message<GetFieldReply>({
      action: 'GET_FIELD',
      indicatorId: id,
      field: 'dnsResolution'
    });
    assert.ok(dns.items.length > 0);
    const keys = (dns.items as Array<{ value: string; dateOccurred: string | null }>).map(
      (d) => `${d.value}|${d.dateOccurred}`
    );
    assert.equal(new Set(keys).size, keys.length);
    const whois = await message<GetFieldReply>({ action: 'GET_FIELD', indicatorId: id, field: 'whois' });
    assert.equal(whois.field, 'whois');
    const assoc = await message<GetFieldReply>({
      action: 'GET_FIELD',
      indicatorId: id,
      field: 'associatedIndicators'
    });
    assert.equal(assoc.field, 'associatedIndicators');
  });

  test('every link the overlay shows opens the configured instance, custom port included', async () => {
    // The simulator writes links without its port, as TC does behind a non-default port.
    const lookup = await lookupOne('malware-c2.example');
    const { result } = await callOnce<{ summary: string[]; details: TcDetails }>((cb) =>
      integration.onDetails(lookup, options(), cb)
    );
    const links: Array<string | null> = [];
    for (const o of result?.details.organizations ?? []) {
      links.push(o.webLink, ...o.tags.map((t) => t.webLink));
      for (const field of ['associatedGroups', 'associatedIndicators', 'dnsResolution'] as const) {
        const reply = await message<GetFieldReply>({
          action: 'GET_FIELD',
          indicatorId: o.indicatorId,
          field
        });
        links.push(...reply.items.map((i) => ('webLink' in i ? i.webLink : null)).filter((l) => l !== null));
      }
    }
    const present = links.filter((l): l is string => typeof l === 'string');
    assert.ok(present.length >= 6, `${present.length} links`);
    for (const link of present) assert.ok(link.startsWith(`${ctx.sim.origin}/`), link);
    assert.ok(present.some((l) => l.includes('/auth/tags/tag.xhtml?')));
  });

  test('RETRY_LOOKUP runs the lookup again and returns the new data', async () => {
    const reply = await message<RetryReply>({ action: 'RETRY_LOOKUP', entity: entity('192.0.2.10') });
    assert.equal(reply.data?.details.organizations.length, 3);
  });
});

describe('onMessage refuses bad input without sending anything', () => {
  const cases: Array<[string, Record<string, unknown> | unknown, RegExp]> = [
    ['unknown action', { action: 'DROP_TABLES', indicatorId: 1 }, /Unknown action "DROP_TABLES"/],
    ['no action', { indicatorId: 1 }, /Unknown action/],
    ['not an object', 'ADD_TAG', /must be an object/],
    ['empty tag', { action: 'ADD_TAG', indicatorId: 1, tag: '   ' }, /must not be empty/],
    ['tag too long', { action: 'ADD_TAG', indicatorId: 1, tag: 'x'.repeat(129) }, /at most 128/],
    ['tag not a string', { action: 'REMOVE_TAG', indicatorId: 1, tag: 5 }, /tag must be a string/],
    ['rating above 5', { action: 'SET_RATING', indicatorId: 1, rating: 6 }, /between 0 and 5/],
    ['rating negative', { action: 'SET_RATING', indicatorId: 1, rating: -1 }, /between 0 and 5/],
    ['rating not a number', { action: 'SET_RATING', indicatorId: 1, rating: 'high' }, /must be a number/],
    [
      'confidence above 100',
      { action: 'SET_CONFIDENCE', indicatorId: 1, confidence: '101' },
      /between 0 and 100/
    ],
    ['confidence decimal', { action: 'SET_CONFIDENCE', indicatorId: 1, confidence: 50.5 }, /whole number/],
    ['bad indicator id', { action: 'SET_RATING', indicatorId: 'abc', rating: 1 }, /indicatorId/],
    ['negative indicator id', { action: 'SET_RATING', indicatorId: -4, rating: 1 }, /indicatorId/],
    ['indicator id in exponent form', { action: 'SET_RATING', indicatorId: '1e3', rating: 1 }, /indicatorId/],
    ['rating in hex', { action: 'SET_RATING', indicatorId: 1, rating: '0x3' }, /must be a number/],
    [
      'confidence in exponent form',
      { action: 'SET_CONFIDENCE', indicatorId: 1, confidence: '5e1' },
      /must be a number/
    ],
    ['tag with a newline', { action: 'ADD_TAG', indicatorId: 1, tag: 'a\nb' }, /control characters/],
    ['tag with a lone surrogate', { action: 'ADD_TAG', indicatorId: 1, tag: 'a\uD800' }, /invalid Unicode/],
    ['bad field', { action: 'GET_FIELD', indicatorId: 1, field: 'apiKey' }, /field must be one of/],
    ['retry without entity', { action: 'RETRY_LOOKUP' }, /entity is required/]
  ];
  for (const [name, payload, pattern] of cases) {
    test(name, async () => {
      ctx.sim.resetLog();
      const reply = await message<ErrorReply>(payload);
      assert.match(reply.error.detail, pattern);
      assert.equal(ctx.sim.requests.length, 0);
    });
  }

  test('a huge action name is cut short in the log as in the reply', async () => {
    const reply = await message<ErrorReply>({ action: 'x'.repeat(100000) });
    assert.match(reply.error.detail, /Unknown action/);
    assert.ok(reply.error.detail.length < 200);
    assert.ok(
      ctx.logger.lines.every((l) => l.text.length < 2000),
      'no oversized log line'
    );
  });

  test('a tag of exactly 128 characters is accepted', async () => {
    const lookup = await lookupOne('192.0.2.10');
    const id = org(lookup.data?.details, DEMO_SOURCE).indicatorId;
    const reply = await message<WriteReply>({ action: 'ADD_TAG', indicatorId: id, tag: 't'.repeat(128) });
    assert.ok(reply.organization.tags.some((t) => t.name === 't'.repeat(128)));
  });

  test('with editing turned off every write is refused and nothing is sent', async () => {
    ctx.sim.resetLog();
    for (const payload of [
      { action: 'ADD_TAG', indicatorId: 1, tag: 'x' },
      { action: 'SET_RATING', indicatorId: 1, rating: 1 },
      { action: 'REPORT_FALSE_POSITIVE', indicatorId: 1 }
    ]) {
      const reply = await message<ErrorReply>(payload, { enableEditing: false });
      assert.match(reply.error.detail, /turned off/);
    }
    assert.equal(ctx.sim.requests.length, 0);
  });

  test('a crafted write for an owner outside the allowlist is refused before any write', async () => {
    const lookup = await lookupOne('192.0.2.10');
    const outside = org(lookup.data?.details, DEMO_SOURCE).indicatorId;
    const before = ctx.sim.dataset.getIndicator(outside)?.rating;
    ctx.sim.resetLog();
    const reply = await message<ErrorReply>(
      { action: 'SET_RATING', indicatorId: outside, rating: 1 },
      { searchAllowlist: `${DEMO_ORG}, ${DEMO_COMMUNITY}` }
    );
    assert.match(reply.error.detail, /not permitted/);
    assert.equal(writes(), 0);
    assert.equal(ctx.sim.dataset.getIndicator(outside)?.rating, before);
    const blocked = await message<ErrorReply>(
      { action: 'GET_FIELD', indicatorId: outside, field: 'associatedGroups' },
      { searchBlocklist: `"${DEMO_SOURCE.toUpperCase()}"` }
    );
    assert.match(blocked.error.detail, /not permitted/);
  });

  test('an indicator that does not exist is a clear error', async () => {
    const reply = await message<ErrorReply>({ action: 'SET_RATING', indicatorId: 987654321, rating: 1 });
    assert.match(reply.error.detail, /not found/);
    assert.equal(writes(), 0);
  });

  test('a TC refusal comes back as an error reply, and the state is unchanged', async () => {
    const lookup = await lookupOne('192.0.2.10');
    const id = org(lookup.data?.details, DEMO_ORG).indicatorId;
    const before = ctx.sim.dataset.getIndicator(id)?.confidence;
    ctx.sim.addFault({
      method: 'PUT',
      kind: 'status',
      status: 400,
      body: { status: 'Error', errCode: '0x1001', message: 'Nope' }
    });
    const reply = await message<ErrorReply>({ action: 'SET_CONFIDENCE', indicatorId: id, confidence: 10 });
    assert.match(reply.error.detail, /Nope/);
    assert.equal(ctx.sim.dataset.getIndicator(id)?.confidence, before);
  });
});
