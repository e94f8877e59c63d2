/**
 * Compile-time only: fails `tsc -p tsconfig.json` when components/threatconnect.d.ts (what the browser
 * component is type-checked against) and lib/types/details.ts (what the server produces) drift apart.
 */
import type * as Server from '../../lib/types/details';
import type * as Overlay from '../../components/threatconnect';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export const detailsMirror: Array<true> = [
  true satisfies Same<Server.TcDetails, Overlay.TcDetails>,
  true satisfies Same<Server.OrganizationView, Overlay.OrganizationView>,
  true satisfies Same<Server.ActionPayload, Overlay.ActionPayload>,
  true satisfies Same<Server.WriteReply, Overlay.WriteReply>,
  true satisfies Same<Server.FalsePositiveReply, Overlay.FalsePositiveReply>,
  true satisfies Same<Server.GetFieldReply, Overlay.GetFieldReply>,
  true satisfies Same<Server.RetryReply, Overlay.RetryReply>,
  true satisfies Same<Server.DownloadTokenReply, Overlay.DownloadTokenReply>,
  true satisfies Same<Server.ErrorReply, Overlay.ErrorReply>
];
