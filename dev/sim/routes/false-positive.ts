import { DUPLICATE_FALSE_POSITIVE, reportedToday, reportFalsePositive } from '../data/false-positives';
import { IndicatorType } from '../data/model';
import { V2_NOT_FOUND, v2Failure } from '../envelopes';
import { HttpReply, jsonReply } from '../http/reply';
import { route, RouteContext } from '../router';
import { defaultOwner, visibleOwners } from '../state';
import { findBySummaryInOwner } from './lookup';

/** v2 path segment (apiBranch) → indicator type (reference §2.0 table). */
const TYPE_BY_BRANCH: Record<string, IndicatorType> = {
  addresses: 'Address',
  emailAddresses: 'EmailAddress',
  files: 'File',
  hosts: 'Host',
  urls: 'URL'
};

export const falsePositiveRoutes = [
  route('POST', '/api/v2/indicators/:type/:value/falsePositive', reportV2),
  route('GET', '/api/v2/indicators/:type/:value/owners', ownersV2)
];

/**
 * `GET /v2/indicators/{type}/{value}/owners` (reference §2.1): the visible owners holding an
 * active indicator. The original product's lookup sent one of these per entity; the benchmark
 * measures that approach against ours. An indicator in no owner answers Success with an empty
 * list (UNCONFIRMED, reference §6.4).
 */
function ownersV2(ctx: RouteContext): HttpReply {
  const type = Object.hasOwn(TYPE_BY_BRANCH, ctx.params.type) ? TYPE_BY_BRANCH[ctx.params.type] : undefined;
  if (!type) return v2Failure(404, V2_NOT_FOUND);
  const visible = visibleOwners(ctx.user, ctx.state);
  const owners = ctx.state.dataset
    .findBySummary(ctx.params.value)
    .filter((r) => r.type === type && r.active && visible.has(r.ownerName))
    .map((r) => ctx.state.dataset.getOwner(r.ownerName))
    .filter((o) => o !== undefined)
    .map((o) => ({ id: o.id, name: o.name, type: o.type }));
  return jsonReply(200, { status: 'Success', data: { owner: owners } });
}

/**
 * `POST /v2/indicators/{type}/{value}/falsePositive[?owner=]` (reference §2.4). The value arrives decoded once
 * by the router, so a client that double-encodes or forgets to encode `/` misses.
 */
function reportV2(ctx: RouteContext): HttpReply {
  const type = Object.hasOwn(TYPE_BY_BRANCH, ctx.params.type) ? TYPE_BY_BRANCH[ctx.params.type] : undefined;
  if (!type) {
    return v2Failure(
      404,
      `${V2_NOT_FOUND}: unknown indicator type ${JSON.stringify(ctx.params.type)} (use ${Object.keys(TYPE_BY_BRANCH).join(', ')})`
    );
  }
  const owner = ctx.target.query.owner?.[0] ?? defaultOwner(ctx.user, ctx.state);
  if (owner === undefined || !visibleOwners(ctx.user, ctx.state).has(owner))
    return v2Failure(403, 'Access Denied');

  const record = findBySummaryInOwner(
    ctx.state.dataset,
    ctx.params.value,
    owner,
    ctx.state.behaviour.hashCaseInsensitive,
    type
  );
  if (!record) return v2Failure(404, V2_NOT_FOUND);

  const nowMs = ctx.state.now();
  if (
    ctx.state.behaviour.duplicateFalsePositive === 'error' &&
    reportedToday(record, ctx.user.accessId, nowMs)
  ) {
    return v2Failure(400, DUPLICATE_FALSE_POSITIVE);
  }
  reportFalsePositive(record, ctx.user.accessId, nowMs);
  return jsonReply(200, {
    status: 'Success',
    data: {
      falsePositive: {
        count: record.falsePositives,
        lastReported: record.lastFalsePositiveReportedAt ?? record.lastFalsePositive
      }
    }
  });
}
