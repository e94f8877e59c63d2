import { HttpReply, jsonReply } from './http/reply';

/** v3 error codes and their default texts (reference §3.0, from tcex's v3 README). */
export const ERR = {
  badRequest: {
    code: '0x1001',
    status: 400,
    text: 'An unspecified issue exists with your request. Check your request and try again.'
  },
  unauthorized: {
    code: '0x1002',
    status: 401,
    text: 'You are not authorized to perform the requested operation.'
  },
  forbidden: {
    code: '0x1003',
    status: 403,
    text: 'You do not have permission to perform the requested operation.'
  },
  notFound: { code: '0x1004', status: 404, text: 'The requested item(s) were not found.' },
  methodNotAllowed: { code: '0x1005', status: 405, text: 'This operation is not supported.' },
  conflict: { code: '0x1006', status: 409, text: 'An item already exists with the same unique information.' },
  internal: {
    code: '0x1007',
    status: 500,
    text: 'An internal error occurred while processing your request. If the problem persists contact your system administrator.'
  },
  tqlParse: {
    code: '0x2001',
    status: 400,
    text: 'Syntax error(s) found with your TQL query. Check your query and try again.'
  },
  missingData: {
    code: '0x2003',
    status: 400,
    text: 'The request is missing required data. Check your request and try again.'
  },
  improperFormat: { code: '0x2005', status: 400, text: 'The request does not match the expected format.' }
} as const;

export type ErrKind = keyof typeof ERR;

/** `{"status":"Error","errCode":...,"message":...}`; `status` overrides the kind's usual HTTP status. */
export function v3Error(
  kind: ErrKind,
  message: string = ERR[kind].text,
  status: number = ERR[kind].status
): HttpReply {
  return jsonReply(status, { status: 'Error', errCode: ERR[kind].code, message });
}

/** v2 failures carry no code: `{"status":"Failure","message":...}` (reference §2.0). */
export function v2Failure(status: number, message: string): HttpReply {
  return jsonReply(status, { status: 'Failure', message });
}

export const V2_NOT_FOUND = 'The requested resource was not found';

/** v2 and v3 share a host but not an error shape, so errors outside a route pick it from the path. */
export function isV2Path(rawPath: string): boolean {
  return rawPath.startsWith('/api/v2/') || rawPath === '/api/v2';
}

/** An error in the path's API version for an arbitrary HTTP status, e.g. an injected 503. */
export function errorForStatus(rawPath: string, status: number, message?: string): HttpReply {
  const kind = kindForStatus(status);
  const text = message ?? STATUS_TEXTS[status] ?? ERR[kind].text;
  return isV2Path(rawPath) ? v2Failure(status, text) : v3Error(kind, text, status);
}

function kindForStatus(status: number): ErrKind {
  const byStatus: Record<number, ErrKind> = {
    400: 'badRequest',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'notFound',
    405: 'methodNotAllowed',
    409: 'conflict'
  };
  return byStatus[status] ?? (status >= 500 ? 'internal' : 'badRequest');
}

/** Statuses without a TC error code; TC documents none of them (reference §4), so the texts are ours. */
const STATUS_TEXTS: Record<number, string> = {
  429: 'Too many requests. Try again later.',
  502: 'Bad gateway.',
  503: 'The service is temporarily unavailable. Try again later.',
  504: 'The gateway timed out waiting for the server.'
};
