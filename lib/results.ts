import escape from 'lodash/escape';
import type { OrganizationView, TcDetails, TcIndicatorType } from './types/details';
import { DETAILS_SCHEMA_VERSION } from './types/details';
import type { PolarityEntity, PolarityResult } from './types/polarity';
import type { TcV3Indicator } from './types/tc';
import { confidenceLabel, ratingLabel } from './labels';
import { tagLink, type LinkRewriter } from './links';

/** Summary tags are rendered as HTML by Polarity, so every string from TC is escaped. */
export function escapeHtml(value: string): string {
  return escape(value);
}

const OWNER_TYPE_ORDER = ['Organization', 'Community', 'Source'];
const SUMMARY_OWNERS = 3;

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The named items of a TC collection; null or nameless entries a proxy mangled are left out. */
function listOf<T extends { name?: string; type?: string }>(items: T[] | undefined): T[] {
  return Array.isArray(items)
    ? items.filter(
        (i) => !!i && typeof i === 'object' && (typeof i.name === 'string' || typeof i.type === 'string')
      )
    : [];
}

/** One organization's block, from a v3 indicator (with whatever fields were requested). */
export function toOrganizationView(
  indicator: TcV3Indicator,
  owners: ReadonlyMap<string, { id: number; type: string }>,
  fixLink: LinkRewriter
): OrganizationView {
  const owner = owners.get(indicator.ownerName);
  const rating = num(indicator.rating);
  const confidence = num(indicator.confidence);
  return {
    owner: {
      id: indicator.ownerId ?? owner?.id ?? 0,
      name: indicator.ownerName,
      type: owner?.type ?? 'Organization'
    },
    indicatorId: indicator.id,
    type: indicator.type as TcIndicatorType,
    summary: indicator.summary,
    webLink: fixLink(indicator.webLink),
    rating,
    ratingLabel: ratingLabel(rating),
    confidence,
    confidenceLabel: confidenceLabel(confidence),
    threatAssessScore: num(indicator.threatAssessScore),
    threatAssessRating: num(indicator.threatAssessRating),
    active: indicator.active !== false,
    dateAdded: str(indicator.dateAdded),
    lastModified: str(indicator.lastModified),
    description: str(indicator.description),
    tags: listOf(indicator.tags?.data).map((t) => ({
      name: t.name,
      webLink: tagLink(indicator.webLink, t, indicator.ownerName, fixLink)
    })),
    securityLabels: listOf(indicator.securityLabels?.data).map((l) => ({
      name: l.name,
      color: str(l.color),
      description: str(l.description)
    })),
    attributes: listOf(indicator.attributes?.data).map((a) => ({ type: a.type, value: a.value })),
    observations: num(indicator.observations),
    lastObserved: str(indicator.lastObserved),
    falsePositives: num(indicator.falsePositives),
    lastFalsePositive: str(indicator.lastFalsePositive),
    falsePositiveReportedByUser: indicator.falsePositiveReportedByUser === true
  };
}

/** Organizations first, then communities, then sources; by name within each. */
export function sortOrganizations(views: OrganizationView[]): OrganizationView[] {
  const rank = (t: string): number => {
    const i = OWNER_TYPE_ORDER.indexOf(t);
    return i < 0 ? OWNER_TYPE_ORDER.length : i;
  };
  return [...views].sort(
    (a, b) =>
      rank(a.owner.type) - rank(b.owner.type) ||
      a.owner.name.localeCompare(b.owner.name) ||
      a.indicatorId - b.indicatorId
  );
}

/** Up to three owner names and `+N`, then the highest rating. All TC text is HTML-escaped. */
export function buildSummary(views: readonly OrganizationView[]): string[] {
  const names = [...new Set(views.map((v) => v.owner.name))];
  const tags = names.slice(0, SUMMARY_OWNERS).map(escapeHtml);
  if (names.length > SUMMARY_OWNERS) tags.push(`+${names.length - SUMMARY_OWNERS}`);
  const ratings = views.map((v) => v.rating).filter((r): r is number => r !== null && r > 0);
  if (ratings.length > 0) {
    const top = Math.max(...ratings);
    tags.push(`Rating: ${escapeHtml(String(top))} ${ratingLabel(top)}`);
  }
  if (views.length > 0 && views.every((v) => !v.active)) tags.push('Inactive');
  return tags;
}

export interface DetailsContext {
  searchedValue: string;
  indicatorType: TcIndicatorType;
  editingEnabled: boolean;
  reportProxyEnabled: boolean;
}

export function buildDetails(views: OrganizationView[], ctx: DetailsContext): TcDetails {
  return {
    schemaVersion: DETAILS_SCHEMA_VERSION,
    searchedValue: ctx.searchedValue,
    indicatorType: ctx.indicatorType,
    editingEnabled: ctx.editingEnabled,
    reportProxyEnabled: ctx.reportProxyEnabled,
    organizations: sortOrganizations(views)
  };
}

export function hitResult(
  entity: PolarityEntity,
  views: OrganizationView[],
  ctx: DetailsContext
): PolarityResult<TcDetails> {
  const details = buildDetails(views, ctx);
  return { entity, data: { summary: buildSummary(details.organizations), details } };
}

export function missResult(entity: PolarityEntity): PolarityResult<TcDetails> {
  return { entity, data: null };
}
