import { Route } from '../router';
import { falsePositiveRoutes } from './false-positive';
import { groupPdfRoutes } from './group-pdf';
import { groupRoutes } from './groups';
import { indicatorRoutes } from './indicators';
import { ownerRoutes } from './owners';

/** Every route the simulator serves, first match wins. */
export const ROUTES: readonly Route[] = [
  ...indicatorRoutes,
  ...ownerRoutes,
  ...falsePositiveRoutes,
  ...groupRoutes,
  ...groupPdfRoutes
];
