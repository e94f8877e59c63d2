import type { Behaviour } from './behaviour';
import type { Dataset } from './data/dataset';
import type { SimUser } from './types';

/** What routes may read and change, shared by every request of one simulator. */
export interface SimState {
  dataset: Dataset;
  users: SimUser[];
  now: () => number;
  behaviour: Behaviour;
  /** Scheme and host written into webLink, next and prev. */
  linkOrigin: string;
}

/** Owners of the dataset the user may see, in the user's order. */
export function visibleOwners(user: SimUser, state: SimState): Set<string> {
  return new Set(user.owners.filter((name) => state.dataset.getOwner(name) !== undefined));
}

/** TC's default owner for a request without `owner=` is the API user's own Organization (reference §2.0). */
export function defaultOwner(user: SimUser, state: SimState): string | undefined {
  const owners = [...visibleOwners(user, state)];
  return owners.find((name) => state.dataset.getOwner(name)?.type === 'Organization') ?? owners[0];
}
