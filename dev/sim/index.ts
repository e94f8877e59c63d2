/**
 * The ThreatConnect simulator: a real HTTP(S) server that verifies TC's HMAC signatures and answers the v2/v3
 * routes the integration uses, over a seeded dataset. Written independently of `lib/` so each checks the other.
 */
export { startSimulator } from './server';
export {
  createDemoDataset,
  DEMO_BULK_VALUES,
  DEMO_COMMUNITY,
  DEMO_ENTITIES,
  DEMO_ENTITY_VALUES,
  DEMO_ORG,
  DEMO_SOURCE,
  DEMO_USER,
  LIMITED_USER,
  PARTNER_ORG
} from './data/demo-dataset';
export type { DemoEntity } from './data/demo-dataset';
export { Dataset } from './data/dataset';
export type { GroupSpec, IndicatorSpec } from './data/dataset';
export type * from './data/model';
export { PDF_EXPORTABLE_GROUP_TYPES, INDICATOR_TYPES, summaryOf } from './data/model';
export { DEFAULT_BEHAVIOUR } from './behaviour';
export type { Behaviour } from './behaviour';
export { computeSignature, verifySignature, AUTH_MESSAGES } from './auth/verify-signature';
export type { AuthFailure, AuthResult } from './auth/verify-signature';
export { parseTql } from './tql/parser';
export type { TqlExpression } from './tql/parser';
export { TqlSyntaxError } from './tql/lexer';
export { matchesTql } from './tql/evaluate';
export type {
  AuthStatus,
  Fault,
  FaultKind,
  RequestLogEntry,
  RouteMatcher,
  Simulator,
  SimulatorOptions,
  SimUser
} from './types';
