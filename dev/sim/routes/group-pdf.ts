import { v3Error } from '../envelopes';
import { bytesReply } from '../http/reply';
import { route } from '../router';
import { visibleOwners } from '../state';

export const groupPdfRoutes = [
  // Reference §3.6. Only the exportable group types have a PDF; other types and unseen owners are 404s.
  route('GET', '/api/v3/groups/:id/pdf', (ctx) => {
    const group = /^\d+$/.test(ctx.params.id) ? ctx.state.dataset.getGroup(Number(ctx.params.id)) : undefined;
    if (!group || !visibleOwners(ctx.user, ctx.state).has(group.ownerName)) return v3Error('notFound');
    if (!group.pdf) return v3Error('notFound', `A ${group.type} group cannot be exported as PDF.`);
    const filename = `${group.name.replace(/[^A-Za-z0-9 ._-]/g, '_')}.pdf`;
    return bytesReply(200, group.pdf, ctx.state.behaviour.pdfContentType, {
      'Content-Disposition': `attachment; filename="${filename}"`
    });
  })
];
