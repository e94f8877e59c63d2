import { Owner, OwnerType } from '../data/model';
import { jsonReply } from '../http/reply';
import { route, RouteContext } from '../router';
import { visibleOwners } from '../state';

/** Plausible roles per owner kind; every demo owner grants FULL indicator rights so the write actions work. */
const ROLE: Record<OwnerType, string> = {
  Organization: 'Organization Administrator',
  Community: 'Editor',
  Source: 'Editor'
};

export const ownerRoutes = [
  // v3 (reference §2.9): data is a bare array with a count.
  route('GET', '/api/v3/security/owners', (ctx) => {
    const owners = ownersOf(ctx).map((owner) => ({
      id: owner.id,
      name: owner.name,
      type: owner.type,
      ownerRole: ROLE[owner.type],
      permIndicator: 'FULL',
      permGroup: 'FULL',
      permTag: 'FULL',
      permSecurityLabel: 'FULL',
      permTrack: 'FULL',
      permPost: 'FULL',
      permComment: 'FULL'
    }));
    return jsonReply(200, { data: owners, count: owners.length, status: 'Success' });
  }),
  // v2: TC's recommended connectivity check (reference §2.9, DD quick_start.rst).
  route('GET', '/api/v2/owners', (ctx) => {
    const owners = ownersOf(ctx).map(({ id, name, type }) => ({ id, name, type }));
    return jsonReply(200, { status: 'Success', data: { resultCount: owners.length, owner: owners } });
  })
];

function ownersOf(ctx: RouteContext): Owner[] {
  const visible = visibleOwners(ctx.user, ctx.state);
  return ctx.state.dataset.owners.filter((owner) => visible.has(owner.name)).sort((a, b) => a.id - b.id);
}
