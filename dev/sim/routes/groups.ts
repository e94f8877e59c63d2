import { v3Error } from '../envelopes';
import { jsonReply } from '../http/reply';
import { renderGroup } from '../render/indicator';
import { route } from '../router';
import { visibleOwners } from '../state';
import { renderContext } from './indicators';

export const groupRoutes = [
  // Reference §3.6's sibling: one group by id, rendered as in associatedGroups. A group in an owner the user
  // cannot see is reported as missing, not forbidden, so ids do not leak (as for indicators).
  route('GET', '/api/v3/groups/:id', (ctx) => {
    if (ctx.target.query.fields !== undefined) {
      return v3Error(
        'badRequest',
        'The simulator does not implement fields on groups; it returns the default ones.'
      );
    }
    const group = /^\d+$/.test(ctx.params.id) ? ctx.state.dataset.getGroup(Number(ctx.params.id)) : undefined;
    if (!group || !visibleOwners(ctx.user, ctx.state).has(group.ownerName)) return v3Error('notFound');
    return jsonReply(200, { data: renderGroup(group, renderContext(ctx)), status: 'Success' });
  })
];
