import { reportFalsePositive } from '../data/false-positives';
import { IndicatorRecord } from '../data/model';
import { v3Error } from '../envelopes';
import { HttpReply } from '../http/reply';
import { isoSeconds } from '../render/dates';
import { RouteContext } from '../router';

/** TC's tag length limit (reference §2.3, DD `_includes/tag_length.rst`). */
export const MAX_TAG_LENGTH = 128;

type TagMode = 'append' | 'delete' | 'replace';

export interface IndicatorUpdate {
  kind: 'update';
  rating?: number;
  confidence?: number;
  active?: boolean;
  dnsActive?: boolean;
  whoisActive?: boolean;
  tags?: { mode: TagMode; names: string[]; ids: number[] };
  falsePositive?: boolean;
  observations?: number;
}

/** Writable in TC but not modelled here; refusing loudly beats silently ignoring a client's change. */
const UNSUPPORTED = new Set([
  'securityLabels',
  'attributes',
  'associatedGroups',
  'associatedIndicators',
  'associatedCases',
  'associatedArtifacts',
  'fileActions',
  'fileOccurrences',
  'size',
  'md5',
  'sha1',
  'sha256',
  'xid'
]);

/**
 * Validates a `PUT /v3/indicators/{id}` body (reference §3.4, §3.5) completely before anything changes, so a
 * rejected request leaves the record untouched. Wrong JSON types are 0x2005 (ImproperFormat); values out of
 * range are 0x1001 (BadRequest).
 */
export function parseUpdate(body: Buffer, record: IndicatorRecord): IndicatorUpdate | HttpReply {
  if (body.length === 0) return v3Error('missingData', 'The request body is empty; send a JSON object.');
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (error) {
    return v3Error('improperFormat', `The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(json)) return v3Error('improperFormat', 'The request body must be a JSON object.');

  const update: IndicatorUpdate = { kind: 'update' };
  for (const [key, value] of Object.entries(json)) {
    const problem = readField(update, key, value, record);
    if (problem) return problem;
  }
  return update;
}

function readField(
  update: IndicatorUpdate,
  key: string,
  value: unknown,
  record: IndicatorRecord
): HttpReply | undefined {
  switch (key) {
    case 'rating':
      if (typeof value !== 'number' || !Number.isFinite(value)) return improper(key, 'a number');
      if (value < 0 || value > 5)
        return v3Error('badRequest', `rating must be from 0 to 5 (0 clears it); got ${value}.`);
      update.rating = value;
      return;
    case 'confidence':
      if (typeof value !== 'number' || !Number.isInteger(value)) return improper(key, 'an integer');
      if (value < 0 || value > 100)
        return v3Error('badRequest', `confidence must be from 0 to 100; got ${value}.`);
      update.confidence = value;
      return;
    case 'active':
    case 'dnsActive':
    case 'whoisActive':
      if (typeof value !== 'boolean') return improper(key, 'a boolean');
      if (key !== 'active' && record.type !== 'Host')
        return v3Error('badRequest', `${key} applies to Host indicators only.`);
      update[key] = value;
      return;
    case 'falsePositiveFlag':
      if (typeof value !== 'boolean') return improper(key, 'a boolean');
      update.falsePositive = value;
      return;
    case 'observations':
      if (typeof value !== 'number' || !Number.isInteger(value)) return improper(key, 'an integer');
      if (value < 1)
        return v3Error('badRequest', `observations must be a positive count to add; got ${value}.`);
      update.observations = value;
      return;
    case 'tags':
      return readTags(update, value);
    default:
      if (UNSUPPORTED.has(key))
        return v3Error('badRequest', `Updating ${key} is not supported by the simulator.`);
      return v3Error('improperFormat', `Unknown or read-only field ${JSON.stringify(key)}.`);
  }
}

/** `{"tags":{"data":[{"name":"x"}],"mode":"append"|"delete"|"replace"}}`; append is the default mode. */
function readTags(update: IndicatorUpdate, value: unknown): HttpReply | undefined {
  if (!isObject(value) || !Array.isArray(value.data)) return improper('tags', 'an object with a data array');
  const mode = value.mode === undefined ? 'append' : value.mode;
  if (mode !== 'append' && mode !== 'delete' && mode !== 'replace') {
    return v3Error('badRequest', `tags mode must be append, delete or replace; got ${JSON.stringify(mode)}.`);
  }
  const change: NonNullable<IndicatorUpdate['tags']> = { mode, names: [], ids: [] };
  for (const item of value.data as unknown[]) {
    if (!isObject(item)) return improper('tags.data[]', 'objects');
    if (mode === 'delete' && item.name === undefined && typeof item.id === 'number') {
      change.ids.push(item.id);
      continue;
    }
    if (typeof item.name !== 'string') return improper('tags.data[].name', 'a string');
    const name = item.name.trim();
    if (name === '') return v3Error('missingData', 'A tag name may not be empty.');
    if (name.length > MAX_TAG_LENGTH) {
      return v3Error(
        'badRequest',
        `A tag name may have at most ${MAX_TAG_LENGTH} characters; got ${name.length}.`
      );
    }
    change.names.push(name);
  }
  update.tags = change;
  return undefined;
}

/** Applies a validated update and stamps lastModified. */
export function applyUpdate(record: IndicatorRecord, update: IndicatorUpdate, ctx: RouteContext): void {
  const nowMs = ctx.state.now();
  const now = isoSeconds(nowMs);
  if (update.rating !== undefined) {
    // Rating 0 means "unrated": TC then omits the field (reference §2.5).
    if (update.rating === 0) delete record.rating;
    else record.rating = update.rating;
  }
  if (update.confidence !== undefined) record.confidence = update.confidence;
  if (update.active !== undefined) record.active = update.active;
  if (update.dnsActive !== undefined) record.dnsActive = update.dnsActive;
  if (update.whoisActive !== undefined) record.whoisActive = update.whoisActive;
  if (update.tags) {
    const { mode, names, ids } = update.tags;
    // Only append and replace create tags; deleting a name the owner never had must not invent it.
    const tags =
      mode === 'delete' ? [] : names.map((name) => ctx.state.dataset.tag(record.ownerName, name, now));
    if (mode === 'replace') {
      record.tags = dedupe(tags);
    } else if (mode === 'append') {
      record.tags = dedupe([...record.tags, ...tags]);
    } else {
      record.tags = record.tags.filter((tag) => !names.includes(tag.name) && !ids.includes(tag.id));
    }
  }
  if (update.observations !== undefined) {
    record.observations += update.observations;
    record.lastObserved = now;
  }
  if (update.falsePositive) reportFalsePositive(record, ctx.user.accessId, nowMs);
  record.lastModified = now;
}

function dedupe<T extends { id: number }>(items: T[]): T[] {
  return items.filter((item, i) => items.findIndex((other) => other.id === item.id) === i);
}

function improper(field: string, expected: string): HttpReply {
  return v3Error('improperFormat', `${field} must be ${expected}.`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
