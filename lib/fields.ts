import type {
  AssociatedIndicatorView,
  DnsResolutionView,
  GetFieldReply,
  GroupView,
  LazyField,
  WhoisView
} from './types/details';
import type { TcV3Indicator, TcV3Whois } from './types/tc';
import type { LinkRewriter } from './links';

/** Group types TC can export as PDF (reference §3.6). */
export const PDF_GROUP_TYPES: ReadonlySet<string> = new Set([
  'Adversary',
  'Attack Pattern',
  'Campaign',
  'Course of Action',
  'Event',
  'Incident',
  'Intrusion Set',
  'Malware',
  'Report',
  'Tactic',
  'Threat',
  'Tool',
  'Vulnerability'
]);

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function groups(indicator: TcV3Indicator, fixLink: LinkRewriter): GroupView[] {
  const items = (indicator.associatedGroups?.data ?? []).map((g) => ({
    id: g.id,
    name: g.name,
    type: g.type,
    ownerName: g.ownerName ?? '',
    webLink: fixLink(g.webLink),
    dateAdded: str(g.dateAdded),
    pdfExportable: PDF_GROUP_TYPES.has(g.type)
  }));
  return uniqueBy(items, (g) => String(g.id));
}

function associatedIndicators(indicator: TcV3Indicator, fixLink: LinkRewriter): AssociatedIndicatorView[] {
  const items = (indicator.associatedIndicators?.data ?? []).map((i) => ({
    id: i.id,
    type: i.type,
    summary: i.summary,
    ownerName: i.ownerName,
    webLink: fixLink(i.webLink),
    rating: num(i.rating),
    confidence: num(i.confidence)
  }));
  return uniqueBy(items, (i) => String(i.id));
}

/**
 * DNS resolutions: a Host resolves to addresses and an Address to hosts. TC repeats records,
 * so they are deduplicated on value and date.
 */
function dns(indicator: TcV3Indicator, fixLink: LinkRewriter): DnsResolutionView[] {
  const items: DnsResolutionView[] = [];
  for (const r of indicator.dnsResolution?.data ?? []) {
    const date = str(r.dateOccurred);
    for (const a of r.addresses?.data ?? []) {
      if (str(a.ip)) items.push({ value: a.ip as string, dateOccurred: date, webLink: fixLink(a.webLink) });
    }
    for (const h of r.hosts?.data ?? []) {
      if (str(h.hostName))
        items.push({ value: h.hostName as string, dateOccurred: date, webLink: fixLink(h.webLink) });
    }
  }
  return uniqueBy(items, (i) => `${i.value}|${i.dateOccurred}`);
}

function whois(indicator: TcV3Indicator): WhoisView[] {
  const raw = indicator.whois;
  const records: TcV3Whois[] = !raw
    ? []
    : Array.isArray((raw as { data?: unknown }).data)
      ? (raw as { data: TcV3Whois[] }).data
      : [raw as TcV3Whois];
  return records.map((w) => ({
    created: str(w.created),
    expires: str(w.expires),
    registrar: str(w.registrar),
    registrant: str(w.registrant),
    fullRecord: str(w.fullRecord)
  }));
}

/** The lazy tabs' data, shaped for the overlay. */
export function shapeField(field: LazyField, indicator: TcV3Indicator, fixLink: LinkRewriter): GetFieldReply {
  switch (field) {
    case 'associatedGroups':
      return { field, items: groups(indicator, fixLink) };
    case 'associatedIndicators':
      return { field, items: associatedIndicators(indicator, fixLink) };
    case 'dnsResolution':
      return { field, items: dns(indicator, fixLink) };
    case 'whois':
      return { field, items: whois(indicator) };
  }
}
