import type { DownloadTokenReply } from '../types/details';
import type { TcV3Group, TcV3ItemEnvelope } from '../types/tc';
import type { Settings } from '../settings';
import type { TcClient } from '../tc/client';
import { clientFor } from '../context';
import { TcError } from '../tc/errors';
import { log } from '../logger';
import { parseTcId } from '../tc-id';
import { ownerPermitted } from '../indicators';
import { PDF_GROUP_TYPES } from '../fields';
import { activeReportProxy } from './state';

function refused(message: string, status = 400): TcError {
  return new TcError(message, { kind: 'invalid-input', status });
}

const NOT_ENABLED = 'Report downloads are not enabled on this Polarity server';

/** The group as the requesting user sees it in TC; a group TC does not show them is "not found". */
async function readGroup(client: TcClient, groupId: number): Promise<Partial<TcV3Group>> {
  try {
    const body = await client.json<TcV3ItemEnvelope<TcV3Group>>({
      method: 'GET',
      segments: ['v3', 'groups', groupId]
    });
    return body.data && typeof body.data === 'object' ? body.data : {};
  } catch (err) {
    if (err instanceof TcError && err.kind === 'not-found') {
      throw refused(`Group ${groupId} was not found in ThreatConnect`, 404);
    }
    throw err;
  }
}

/**
 * Refuses a group whose owner the admin's allowlist/blocklist excludes, as GET_FIELD and the
 * write actions do for indicators: group ids can be enumerated, so a crafted message must not
 * reach reports the integration would never have listed. Fails closed when TC names no owner.
 */
function assertDownloadable(settings: Settings, groupId: number, group: Partial<TcV3Group>): void {
  const owner = group.ownerName;
  if (settings.ownerFilter.mode !== 'all') {
    if (typeof owner !== 'string' || owner.trim() === '') {
      throw refused(`The integration cannot tell who owns group ${groupId}, so it will not download it`, 403);
    }
    if (!ownerPermitted(settings.ownerFilter, owner)) {
      throw refused(
        `The integration is not permitted to download reports of groups owned by "${owner}"`,
        403
      );
    }
  }
  if (typeof group.type !== 'string' || group.type === '') {
    throw refused(`Group ${groupId} cannot be exported as PDF`);
  }
  if (!PDF_GROUP_TYPES.has(group.type)) throw refused(`${group.type} groups cannot be exported as PDF`);
}

/**
 * GET_DOWNLOAD_TOKEN: a one-time link to one group's PDF, redeemed later with the credentials
 * of the user who asked. The group is read first, signed as that user, so an unknown or unseen
 * group, an owner the admin excluded and a type without a PDF are refused here, with a reason
 * the overlay can show, before any token exists. TC may still refuse the PDF at download time
 * (rights changed, export failed): that becomes the proxy's short 502.
 */
export async function issueDownloadToken(
  settings: Settings,
  groupIdValue: unknown
): Promise<DownloadTokenReply> {
  const groupId = parseTcId(groupIdValue);
  if (groupId === undefined) throw refused('groupId must be a positive integer');
  // Checked before TC is asked anything: without the proxy the answer is no whatever the group.
  if (!activeReportProxy()) throw refused(NOT_ENABLED);
  const client = clientFor(settings);
  const group = await readGroup(client, groupId);
  assertDownloadable(settings, groupId, group);
  // Again: the proxy may have stopped while TC answered.
  const proxy = activeReportProxy();
  if (!proxy) throw refused(NOT_ENABLED);
  const groupName = typeof group.name === 'string' ? group.name : undefined;
  const token = proxy.issueToken({ groupId, groupName, client, username: settings.username });
  log.debug({ user: settings.username, groupId }, 'Report download token issued');
  return { token };
}
