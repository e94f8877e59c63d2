import { DUPLICATE_FALSE_POSITIVE, reportedToday } from '../data/false-positives';
import { IndicatorRecord } from '../data/model';
import { ERR, v3Error } from '../envelopes';
import { HttpReply, jsonReply } from '../http/reply';
import { FieldName, parseFields } from '../render/fields';
import { RenderContext, renderIndicator } from '../render/indicator';
import { route, RouteContext } from '../router';
import { defaultOwner, visibleOwners } from '../state';
import { TqlSyntaxError } from '../tql/lexer';
import { matchesTql, mentionsKeyword } from '../tql/evaluate';
import { parseTql, TqlExpression } from '../tql/parser';
import { applyUpdate, parseUpdate } from './indicator-update';
import { findBySummaryInOwner } from './lookup';

const DEFAULT_LIMIT = 100;
/** Reference §3.1: resultLimit defaults to 100 and may not exceed 10 000. */
const MAX_LIMIT = 10_000;

export const indicatorRoutes = [
  route('GET', '/api/v3/indicators', searchIndicators),
  route('GET', '/api/v3/indicators/:id', getIndicator),
  route('PUT', '/api/v3/indicators/:id', updateIndicator)
];

export function renderContext(ctx: RouteContext): RenderContext {
  return {
    linkOrigin: ctx.state.linkOrigin,
    dataset: ctx.state.dataset,
    user: ctx.user,
    nowMs: ctx.state.now(),
    visibleOwners: visibleOwners(ctx.user, ctx.state),
    emptyCollections: ctx.state.behaviour.emptyCollections
  };
}

function searchIndicators(ctx: RouteContext): HttpReply {
  const query = ctx.target.query;
  let expression: TqlExpression | undefined;
  if (query.tql !== undefined) {
    if (query.tql.length > 1) return v3Error('badRequest', 'The tql parameter may be given only once.');
    try {
      expression = parseTql(query.tql[0]);
    } catch (error) {
      if (!(error instanceof TqlSyntaxError)) throw error;
      return v3Error('tqlParse', `${ERR.tqlParse.text} [${error.message}]`);
    }
  }
  const fields = requestedFields(ctx);
  if (!(fields instanceof Set)) return fields;
  const start = integerParam(query.resultStart, 'resultStart', 0, 0, Number.MAX_SAFE_INTEGER);
  if (typeof start !== 'number') return start;
  const limit = integerParam(query.resultLimit, 'resultLimit', DEFAULT_LIMIT, 1, MAX_LIMIT);
  if (typeof limit !== 'number') return limit;
  if (query.sorting !== undefined) {
    return v3Error('badRequest', 'The simulator does not implement sorting; results are always in id order.');
  }

  const visible = visibleOwners(ctx.user, ctx.state);
  const ownerFilter = query.owner?.[0];
  if (ownerFilter !== undefined && !visible.has(ownerFilter)) {
    return v3Error(
      'forbidden',
      `The owner ${JSON.stringify(ownerFilter)} does not exist or is not accessible.`
    );
  }
  // TC answers only active indicators unless the query asks about indicatorActive (reference §3.1).
  const activeOnly = expression === undefined || !mentionsKeyword(expression, 'indicatorActive');
  const matchOptions = { hashCaseInsensitive: ctx.state.behaviour.hashCaseInsensitive };
  const hits = ctx.state.dataset.indicators.filter(
    (record) =>
      visible.has(record.ownerName) &&
      (ownerFilter === undefined || record.ownerName === ownerFilter) &&
      (!activeOnly || record.active) &&
      (expression === undefined || matchesTql(expression, record, matchOptions))
  );

  const render = renderContext(ctx);
  const body: Record<string, unknown> = {
    data: hits.slice(start, start + limit).map((record) => renderIndicator(record, fields, render))
  };
  // `count` only on the first page (reference §3.1, DD return_count.rst).
  if (query.count?.[0] === 'true' && start === 0) body.count = hits.length;
  if (start + limit < hits.length) body.next = pageLink(ctx, start + limit, limit);
  if (start > 0) body.prev = pageLink(ctx, Math.max(0, start - limit), limit);
  body.status = 'Success';
  return jsonReply(200, body);
}

function getIndicator(ctx: RouteContext): HttpReply {
  const fields = requestedFields(ctx);
  if (!(fields instanceof Set)) return fields;
  const record = resolveIndicator(ctx);
  if (!('id' in record)) return record;
  return jsonReply(200, { data: renderIndicator(record, fields, renderContext(ctx)), status: 'Success' });
}

function updateIndicator(ctx: RouteContext): HttpReply {
  const fields = requestedFields(ctx);
  if (!(fields instanceof Set)) return fields;
  const record = resolveIndicator(ctx);
  if (!('id' in record)) return record;
  const update = parseUpdate(ctx.body, record);
  if (update.kind === 'http') return update;
  if (
    update.falsePositive &&
    ctx.state.behaviour.duplicateFalsePositive === 'error' &&
    reportedToday(record, ctx.user.accessId, ctx.state.now())
  ) {
    return v3Error('badRequest', DUPLICATE_FALSE_POSITIVE);
  }
  applyUpdate(record, update, ctx);
  return jsonReply(200, {
    data: renderIndicator(record, fields, renderContext(ctx)),
    message: 'Updated',
    status: 'Success'
  });
}

/**
 * `/v3/indicators/{id|summary}` (reference §3.0): a number is an id in any owner the user sees; anything else
 * is a summary looked up in `?owner=` or the user's own Organization.
 */
function resolveIndicator(ctx: RouteContext): IndicatorRecord | HttpReply {
  const visible = visibleOwners(ctx.user, ctx.state);
  const key = ctx.params.id;
  let record: IndicatorRecord | undefined;
  if (/^\d+$/.test(key)) {
    record = ctx.state.dataset.getIndicator(Number(key));
  } else {
    const owner = ctx.target.query.owner?.[0] ?? defaultOwner(ctx.user, ctx.state);
    if (owner === undefined || !visible.has(owner)) {
      return v3Error('forbidden', `The owner ${JSON.stringify(owner)} does not exist or is not accessible.`);
    }
    record = findBySummaryInOwner(ctx.state.dataset, key, owner, ctx.state.behaviour.hashCaseInsensitive);
  }
  // An indicator in an owner the user cannot see is reported as missing, not forbidden, so ids do not leak.
  if (!record || !visible.has(record.ownerName)) return v3Error('notFound');
  return record;
}

function requestedFields(ctx: RouteContext): Set<FieldName> | HttpReply {
  const behaviour = ctx.state.behaviour;
  const parsed = parseFields(
    ctx.target.query.fields,
    behaviour.fieldNamesCaseInsensitive,
    behaviour.unknownFieldIsError
  );
  if (!parsed.ok) return v3Error('badRequest', `Invalid field: ${JSON.stringify(parsed.unknown)}.`);
  return parsed.fields;
}

function integerParam(
  values: string[] | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number
): number | HttpReply {
  if (values === undefined) return fallback;
  const text = values[0];
  const value = /^\d{1,16}$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) {
    return v3Error(
      'badRequest',
      `${name} must be an integer from ${min} to ${max}; got ${JSON.stringify(text)}.`
    );
  }
  return value;
}

/**
 * An absolute `next`/`prev` URL on linkOrigin. It repeats every original parameter (tql, fields, count...) and
 * then the paging ones, so a client can follow it as is and sign exactly what it sends (reference §3.1).
 */
function pageLink(ctx: RouteContext, start: number, limit: number): string {
  const behaviour = ctx.state.behaviour;
  const kept = behaviour.nextKeepsParams
    ? ctx.target.params.filter((p) => p.key !== 'resultStart' && p.key !== 'resultLimit')
    : [];
  const pairs = kept.map((p) =>
    behaviour.nextLinkEncoding === 'preserve'
      ? `${p.rawKey}=${p.rawValue}`
      : `${encodeURIComponent(p.key)}=${encodeURIComponent(p.value)}`
  );
  pairs.push(`resultStart=${start}`, `resultLimit=${limit}`);
  return `${ctx.state.linkOrigin}${ctx.target.rawPath}?${pairs.join('&')}`;
}
