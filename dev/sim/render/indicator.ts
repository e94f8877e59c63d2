import type { Dataset } from '../data/dataset';
import { DnsResolution, Group, IndicatorRecord, IndicatorType, summaryOf } from '../data/model';
import type { SimUser } from '../types';
import { utcDay } from './dates';
import { FieldName } from './fields';

export interface RenderContext {
  linkOrigin: string;
  dataset: Dataset;
  user: SimUser;
  nowMs: number;
  /** Associations into owners the user cannot see are left out. */
  visibleOwners: ReadonlySet<string>;
  emptyCollections: 'omit' | 'empty';
}

type Json = Record<string, unknown>;

const LEGACY_ENTITY: Record<IndicatorType, string> = {
  Address: 'address',
  EmailAddress: 'emailaddress',
  File: 'file',
  Host: 'host',
  URL: 'url'
};

/** The v3 indicator object: default fields, then one block per requested field (reference §3.3). */
export function renderIndicator(
  record: IndicatorRecord,
  fields: ReadonlySet<FieldName>,
  ctx: RenderContext
): Json {
  const out = renderDefaultFields(record, ctx);
  for (const field of fields) addField(out, field, record, ctx);
  return out;
}

export function renderDefaultFields(record: IndicatorRecord, ctx: RenderContext): Json {
  const summary = summaryOf(record);
  const out: Json = {
    id: record.id,
    ownerId: ctx.dataset.getOwner(record.ownerName)?.id,
    ownerName: record.ownerName,
    dateAdded: record.dateAdded,
    webLink: `${ctx.linkOrigin}/#/details/indicators/${record.id}/overview`,
    type: record.type,
    lastModified: record.lastModified
  };
  // TC leaves rating and confidence out entirely while unset (reference §3.3).
  if (record.rating !== undefined) out.rating = record.rating;
  if (record.confidence !== undefined) out.confidence = record.confidence;
  if (record.description !== undefined) out.description = record.description;
  if (record.source !== undefined) out.source = record.source;
  Object.assign(out, {
    summary,
    privateFlag: record.privateFlag,
    active: record.active,
    activeLocked: record.activeLocked,
    legacyLink: legacyLink(record, summary, ctx.linkOrigin)
  });
  switch (record.type) {
    case 'Address':
      out.ip = record.value;
      break;
    case 'EmailAddress':
      out.address = record.value;
      break;
    case 'File':
      for (const key of ['md5', 'sha1', 'sha256', 'size'] as const)
        if (record[key] !== undefined) out[key] = record[key];
      break;
    case 'Host':
      Object.assign(out, {
        hostName: record.value,
        dnsActive: record.dnsActive,
        whoisActive: record.whoisActive
      });
      break;
    case 'URL':
      out.text = record.value;
      break;
  }
  return out;
}

export function renderGroup(group: Group, ctx: RenderContext): Json {
  const slug = group.type.toLowerCase().replace(/ /g, '');
  return {
    id: group.id,
    ownerId: ctx.dataset.getOwner(group.ownerName)?.id,
    ownerName: group.ownerName,
    dateAdded: group.dateAdded,
    webLink: `${ctx.linkOrigin}/#/details/groups/${group.id}/overview`,
    type: group.type,
    name: group.name,
    createdBy: { userName: group.createdBy, owner: group.ownerName },
    upVoteCount: group.upVoteCount,
    downVoteCount: group.downVoteCount,
    lastModified: group.lastModified,
    legacyLink: `${ctx.linkOrigin}/auth/${slug}/${slug}.xhtml?${slug}=${group.id}`
  };
}

function addField(out: Json, field: FieldName, record: IndicatorRecord, ctx: RenderContext): void {
  const collection = (key: string, items: unknown[]): void => {
    if (items.length > 0 || ctx.emptyCollections === 'empty') out[key] = { data: items };
  };
  switch (field) {
    case 'threatAssess': {
      const ta = record.threatAssess;
      Object.assign(out, {
        threatAssessScore: ta.score,
        threatAssessRating: ta.rating,
        threatAssessConfidence: ta.confidence,
        threatAssessScoreObserved: ta.scoreObserved,
        threatAssessScoreFalsePositive: ta.scoreFalsePositive,
        calScore: ta.calScore
      });
      return;
    }
    case 'tags':
      return collection(
        'tags',
        record.tags.map((tag) => ({
          id: tag.id,
          name: tag.name,
          ...(tag.description !== undefined ? { description: tag.description } : {}),
          lastUsed: tag.lastUsed
        }))
      );
    case 'securityLabels':
      return collection(
        'securityLabels',
        record.securityLabels.map((label) => ({ ...label }))
      );
    case 'attributes':
      return collection(
        'attributes',
        record.attributes.map((a) => ({
          id: a.id,
          type: a.type,
          value: a.value,
          dateAdded: a.dateAdded,
          lastModified: a.lastModified,
          createdBy: { userName: 'demo.analyst', owner: record.ownerName },
          pinned: a.pinned,
          default: a.default
        }))
      );
    case 'associatedGroups':
      return collection(
        'associatedGroups',
        record.groupIds
          .map((id) => ctx.dataset.getGroup(id))
          .filter((g): g is Group => g !== undefined && ctx.visibleOwners.has(g.ownerName))
          .map((g) => renderGroup(g, ctx))
      );
    case 'associatedIndicators':
      // One association level only, as TC does by default (reference §3.3).
      return collection(
        'associatedIndicators',
        record.indicatorIds
          .map((id) => ctx.dataset.getIndicator(id))
          .filter((r): r is IndicatorRecord => r !== undefined && ctx.visibleOwners.has(r.ownerName))
          .map((r) => renderDefaultFields(r, ctx))
      );
    case 'observations':
      out.observations = record.observations;
      if (record.lastObserved !== undefined) out.lastObserved = record.lastObserved;
      return;
    case 'falsePositives':
      out.falsePositives = record.falsePositives;
      if (record.lastFalsePositive !== undefined) out.lastFalsePositive = record.lastFalsePositive;
      out.falsePositiveReportedByUser = record.falsePositiveReports[ctx.user.accessId] === utcDay(ctx.nowMs);
      return;
    case 'dnsResolution':
      if (record.type === 'Host' || record.type === 'Address') {
        collection(
          'dnsResolution',
          record.dnsResolutions.map((r) => renderResolution(r, record, ctx))
        );
      }
      return;
    case 'whoIs':
      // Requested as whoIs, returned as `whois` (reference §3.3, from tcex's test helpers).
      if (record.type === 'Host' && record.whois) out.whois = { data: [{ ...record.whois }] };
      else if (record.type === 'Host' && ctx.emptyCollections === 'empty') out.whois = { data: [] };
      return;
    case 'geoLocation':
      if (record.geoLocation) out.geoLocation = { ...record.geoLocation };
      return;
    case 'trackedUsers':
      out.trackedUsers = trackedUsers(record, ctx);
      return;
    case 'associatedCases':
    case 'associatedArtifacts':
    case 'enrichment':
    case 'investigationLinks':
    case 'fileOccurrences':
    case 'fileActions':
    case 'customAssociations':
      return collection(field, []);
    case 'associationName':
    case 'externalDates':
    case 'sightings':
    case 'genericCustomIndicatorValues':
      return;
  }
}

/**
 * Host items list `addresses`, as Polarity's v3 template reads them; Address items list `hosts` the same way
 * (our choice, see README). A resolved value that is itself an indicator in the same owner carries its id.
 */
function renderResolution(resolution: DnsResolution, record: IndicatorRecord, ctx: RenderContext): Json {
  const lookup = (type: IndicatorType, value: string) =>
    ctx.dataset.indicators.find(
      (r) => r.type === type && r.value === value && r.ownerName === record.ownerName
    );
  const item: Json = { dateOccurred: resolution.dateOccurred };
  if (record.type === 'Host') {
    item.addresses = {
      data: (resolution.addresses ?? []).map((ip) => {
        const known = lookup('Address', ip);
        return {
          ...(known
            ? {
                id: known.id,
                ownerName: known.ownerName,
                webLink: `${ctx.linkOrigin}/#/details/indicators/${known.id}/overview`
              }
            : {}),
          ip,
          ...(known?.geoLocation ? { geoLocation: { ...known.geoLocation } } : {})
        };
      })
    };
  } else {
    item.hosts = {
      data: (resolution.hosts ?? []).map((hostName) => {
        const known = lookup('Host', hostName);
        return {
          ...(known
            ? {
                id: known.id,
                ownerName: known.ownerName,
                webLink: `${ctx.linkOrigin}/#/details/indicators/${known.id}/overview`
              }
            : {}),
          hostName
        };
      })
    };
  }
  return item;
}

function trackedUsers(record: IndicatorRecord, ctx: RenderContext): Json {
  const out: Json = {};
  for (const [accessId, day] of Object.entries(record.falsePositiveReports)) {
    const name = accessId === ctx.user.accessId ? (ctx.user.userName ?? accessId) : accessId;
    out[name] = { observations: 0, falsePositives: 1, lastFalsePositive: `${day}T00:00:00Z` };
  }
  return out;
}

function legacyLink(record: IndicatorRecord, summary: string, origin: string): string {
  const entity = LEGACY_ENTITY[record.type];
  const owner = encodeURIComponent(record.ownerName).replace(/%20/g, '+');
  const key = record.type === 'URL' ? `orgid=${record.id}` : `${entity}=${encodeURIComponent(summary)}`;
  return `${origin}/auth/indicators/details/${entity}.xhtml?${key}&owner=${owner}`;
}
