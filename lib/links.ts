/**
 * The one place links to ThreatConnect are made right. TC's API writes web links without a
 * non-default port, so on an instance at https://tc.example.test:8443 they would open port
 * 443. The port comes from the configured API URL; `settings.threatConnectPort` in
 * config.json, when set, wins over the URL and over any port a link already carries.
 */
export type LinkRewriter = (link: string | null | undefined) => string | null;

function validPort(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 && n < 65536 ? n : undefined;
}

export function createLinkRewriter(configuredUrl: string, overridePort?: unknown): LinkRewriter {
  const override = validPort(overridePort);
  let urlPort: number | undefined;
  try {
    urlPort = validPort(new URL(configuredUrl).port);
  } catch {
    urlPort = undefined;
  }
  return (link) => {
    if (typeof link !== 'string' || link === '') return null;
    let parsed: URL;
    try {
      parsed = new URL(link);
    } catch {
      return null;
    }
    // Only web links: anything else (javascript:, data:) is not something to open from the overlay.
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
    if (override !== undefined) parsed.port = String(override);
    else if (parsed.port === '' && urlPort !== undefined) parsed.port = String(urlPort);
    else return link;
    return parsed.toString();
  };
}

/**
 * TC's v3 tags carry no web link; its tag page is addressed by tag and owner (the v2 `webLink`
 * form, reference §2.3), on the same host as the indicator's own page.
 */
export function tagLink(
  indicatorLink: string | null | undefined,
  tag: { id?: number; name: string },
  ownerName: string,
  fixLink: LinkRewriter
): string | null {
  if (typeof indicatorLink !== 'string') return null;
  let origin: string;
  try {
    origin = new URL(indicatorLink).origin;
  } catch {
    return null;
  }
  const query = new URLSearchParams({
    tag: tag.id !== undefined ? String(tag.id) : tag.name,
    owner: ownerName
  });
  return fixLink(`${origin}/auth/tags/tag.xhtml?${query.toString()}`);
}
