import type { PolarityEntity, PolarityOptions } from './types/polarity';
import type {
  ErrorReply,
  FalsePositiveReply,
  GetFieldReply,
  LazyField,
  RetryReply,
  WriteReply
} from './types/details';
import type { TcV2FalsePositiveEnvelope, TcV3Indicator } from './types/tc';
import { readSettings, type Settings } from './settings';
import { clientFor, linkRewriterFor } from './context';
import { TcError, toTcError } from './tc/errors';
import { getIndicator, getPermittedIndicator, updateIndicator, INFO_FIELDS } from './indicators';
import { ownersFor, ownerIndex } from './owners';
import { toOrganizationView } from './results';
import { lookupEntities, ownerCacheKey } from './lookup';
import { shapeField } from './fields';
import { invalidateIndicator } from './coalesce';
import { issueDownloadToken } from './report-proxy/issue';
import { parseTcId } from './tc-id';
import { log } from './logger';

export const MAX_TAG_LENGTH = 128;
const LAZY_FIELDS: readonly LazyField[] = [
  'associatedGroups',
  'associatedIndicators',
  'dnsResolution',
  'whois'
];
const WRITE_ACTIONS = new Set([
  'ADD_TAG',
  'REMOVE_TAG',
  'SET_RATING',
  'SET_CONFIDENCE',
  'REPORT_FALSE_POSITIVE'
]);

/** v2 path segment per indicator type (reference §2.0). */
export const V2_BRANCH: Record<string, string> = {
  Address: 'addresses',
  EmailAddress: 'emailAddresses',
  File: 'files',
  Host: 'hosts',
  URL: 'urls'
};

function invalid(message: string): TcError {
  return new TcError(message, { kind: 'invalid-input', status: 400 });
}

function indicatorIdOf(payload: Record<string, unknown>): number {
  const id = parseTcId(payload.indicatorId);
  if (id === undefined) throw invalid('indicatorId must be a positive integer');
  return id;
}

function tagOf(payload: Record<string, unknown>): string {
  if (typeof payload.tag !== 'string') throw invalid('tag must be a string');
  const tag = payload.tag.trim();
  if (tag === '') throw invalid('Tag must not be empty');
  if (tag.length > MAX_TAG_LENGTH) throw invalid(`Tags can be at most ${MAX_TAG_LENGTH} characters`);
  // Control characters and lone surrogates would reach TC as names no analyst can see or type.
  if ([...tag].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f) || !wellFormed(tag)) {
    throw invalid('Tags cannot contain control characters or invalid Unicode');
  }
  return tag;
}

function wellFormed(value: string): boolean {
  try {
    encodeURIComponent(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Overlay controls send numbers as strings (range inputs); accept a number or a plain decimal
 * string. `Number()` alone would take "0x3" or "1e0" as well.
 */
function numberOf(value: unknown, name: string): number {
  const n = typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw invalid(`${name} must be a number`);
  return n;
}

export function ratingOf(payload: Record<string, unknown>): number {
  const rating = numberOf(payload.rating, 'rating');
  if (rating < 0 || rating > 5) throw invalid('rating must be between 0 and 5');
  return rating;
}

export function confidenceOf(payload: Record<string, unknown>): number {
  const confidence = numberOf(payload.confidence, 'confidence');
  if (!Number.isInteger(confidence) || confidence < 0 || confidence > 100) {
    throw invalid('confidence must be a whole number between 0 and 100');
  }
  return confidence;
}

async function organizationReply(settings: Settings, indicator: TcV3Indicator): Promise<WriteReply> {
  const client = clientFor(settings);
  const owners = await ownersFor(client, ownerCacheKey(settings)).catch(() => []);
  return { organization: toOrganizationView(indicator, ownerIndex(owners), linkRewriterFor(settings)) };
}

function logWrite(
  settings: Settings,
  action: string,
  indicator: TcV3Indicator,
  extra: Record<string, unknown> = {}
): void {
  log.info(
    { user: settings.username, action, owner: indicator.ownerName, indicatorId: indicator.id, ...extra },
    'ThreatConnect indicator changed from the overlay'
  );
}

async function write(
  settings: Settings,
  action: string,
  id: number,
  update: Parameters<typeof updateIndicator>[2],
  extra: Record<string, unknown>
): Promise<WriteReply> {
  const client = clientFor(settings);
  const before = await getPermittedIndicator(client, settings, id, []);
  const after = await updateIndicator(client, id, update);
  invalidateIndicator(id);
  logWrite(settings, action, before, extra);
  return organizationReply(settings, after);
}

/**
 * Reports a false positive through the v2 endpoint, which every TC version has, naming the
 * owner so the report lands in the right organization. Never retried: TC counts one report
 * per user, indicator and day, and a blind retry could double-count on older servers.
 */
async function reportFalsePositive(settings: Settings, id: number): Promise<FalsePositiveReply> {
  const client = clientFor(settings);
  const before = await getPermittedIndicator(client, settings, id, ['falsePositives']);
  const branch = V2_BRANCH[before.type];
  const value = before.type === 'File' ? (before.md5 ?? before.sha1 ?? before.sha256) : before.summary;
  if (!branch || !value) throw invalid(`False positives cannot be reported for ${before.type} indicators`);
  const body = await client.json<TcV2FalsePositiveEnvelope>({
    method: 'POST',
    segments: ['v2', 'indicators', branch, value, 'falsePositive'],
    query: [['owner', before.ownerName]]
  });
  const count = Number(body.data?.falsePositive?.count ?? 0);
  // TC accepts one report per user, indicator and day and answers a repeat with the count unchanged.
  const alreadyReportedToday = count <= (before.falsePositives ?? -1);
  invalidateIndicator(id);
  logWrite(settings, 'REPORT_FALSE_POSITIVE', before, { count });
  const after = await getIndicator(client, id, INFO_FIELDS);
  const reply = await organizationReply(settings, after);
  return {
    ...reply,
    falsePositive: {
      count,
      lastReported: body.data?.falsePositive?.lastReported ?? null,
      alreadyReportedToday
    }
  };
}

async function getField(settings: Settings, id: number, field: unknown): Promise<GetFieldReply> {
  if (!LAZY_FIELDS.includes(field as LazyField))
    throw invalid(`field must be one of ${LAZY_FIELDS.join(', ')}`);
  const indicator = await getPermittedIndicator(clientFor(settings), settings, id, [field as string]);
  return shapeField(field as LazyField, indicator, linkRewriterFor(settings));
}

async function retryLookup(settings: Settings, entity: unknown): Promise<RetryReply> {
  if (!entity || typeof entity !== 'object' || typeof (entity as PolarityEntity).value !== 'string') {
    throw invalid('entity is required to retry a lookup');
  }
  const [result] = await lookupEntities([entity as PolarityEntity], settings);
  return { data: result?.data ?? null };
}

async function dispatch(payload: Record<string, unknown>, settings: Settings): Promise<object> {
  const action = payload.action;
  if (typeof action === 'string' && WRITE_ACTIONS.has(action) && !settings.editingEnabled) {
    throw invalid('Editing ThreatConnect indicators is turned off by the administrator');
  }
  switch (action) {
    case 'ADD_TAG': {
      const tag = tagOf(payload);
      return write(
        settings,
        action,
        indicatorIdOf(payload),
        { tags: { data: [{ name: tag }], mode: 'append' } },
        { tag }
      );
    }
    case 'REMOVE_TAG': {
      const tag = tagOf(payload);
      return write(
        settings,
        action,
        indicatorIdOf(payload),
        { tags: { data: [{ name: tag }], mode: 'delete' } },
        { tag }
      );
    }
    case 'SET_RATING': {
      const rating = ratingOf(payload);
      return write(settings, action, indicatorIdOf(payload), { rating }, { rating });
    }
    case 'SET_CONFIDENCE': {
      const confidence = confidenceOf(payload);
      return write(settings, action, indicatorIdOf(payload), { confidence }, { confidence });
    }
    case 'REPORT_FALSE_POSITIVE':
      return reportFalsePositive(settings, indicatorIdOf(payload));
    case 'GET_FIELD':
      return getField(settings, indicatorIdOf(payload), payload.field);
    case 'RETRY_LOOKUP':
      return retryLookup(settings, payload.entity);
    case 'GET_DOWNLOAD_TOKEN':
      return issueDownloadToken(settings, payload.groupId);
    default:
      throw invalid(`Unknown action ${typeof action === 'string' ? `"${action.slice(0, 64)}"` : '(none)'}`);
  }
}

/**
 * onMessage: business errors come back inside the reply as `{ error: { detail } }` so the
 * overlay can flash them; they are logged here because Polarity does not see them.
 */
export async function handleMessage(payload: unknown, options: PolarityOptions): Promise<object> {
  try {
    if (!payload || typeof payload !== 'object')
      throw invalid('The message must be an object with an action');
    return await dispatch(payload as Record<string, unknown>, readSettings(options));
  } catch (err) {
    const error = toTcError(err);
    const raw = (payload as { action?: unknown } | null)?.action;
    // The action name comes from the browser: keep a crafted megabyte out of the log.
    const action = typeof raw === 'string' ? raw.slice(0, 64) : typeof raw;
    if (error.kind === 'invalid-input') log.warn({ action, detail: error.message }, 'Overlay action refused');
    else log.error({ action, err: error.toPolarityError() }, 'Overlay action failed');
    const reply: ErrorReply = { error: { detail: error.message } };
    return reply;
  }
}
