import type { DownloadTokenReply } from '../types/details';
import type { Settings } from '../settings';
import { clientFor } from '../context';
import { TcError } from '../tc/errors';
import { log } from '../logger';
import { parseTcId } from '../tc-id';
import { activeReportProxy } from './state';

function refused(message: string): TcError {
  return new TcError(message, { kind: 'invalid-input', status: 400 });
}

/**
 * GET_DOWNLOAD_TOKEN: a one-time link to one group's PDF, redeemed later with the credentials
 * of the user who asked. Whether that user can read the group, and whether its type exports
 * as PDF, is left to TC at download time: a refusal there becomes the proxy's short 502.
 */
export function issueDownloadToken(settings: Settings, groupIdValue: unknown): DownloadTokenReply {
  const groupId = parseTcId(groupIdValue);
  if (groupId === undefined) throw refused('groupId must be a positive integer');
  const proxy = activeReportProxy();
  if (!proxy) throw refused('Report downloads are not enabled on this Polarity server');
  const token = proxy.issueToken({ groupId, client: clientFor(settings), username: settings.username });
  log.debug({ user: settings.username, groupId }, 'Report download token issued');
  return { token };
}
