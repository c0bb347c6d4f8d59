export const API_KEY_HEADER = 'x-api-key';
export const API_KEY_PREFIX = 'zk_';

export type Credential =
  | { kind: 'none' }
  | { kind: 'malformed'; reason: string }
  | { kind: 'jwt'; token: string }
  | { kind: 'api_key'; key: string }
  /** HTTP Basic, as the Twilio-compatible API authenticates (an SID and an API key). */
  | { kind: 'basic'; username: string; password: string };

export type RequestHeaders = Record<string, string | string[] | undefined>;

/** What the strategies read of a request (a Fastify request in the app, a plain object in tests). */
export interface CredentialRequest {
  headers: RequestHeaders;
}

function single(value: string | string[] | undefined): string | undefined | null {
  if (Array.isArray(value)) return value.length === 1 ? value[0] : null;
  return value;
}

/**
 * Which credential a request carries: `Authorization: Bearer <jwt>`, `Authorization: Bearer zk_...`
 * or `X-API-Key: zk_...`, or `Authorization: Basic` (the Twilio-compatible API's). Two different credentials, repeated headers or other schemes are malformed.
 */
export function parseCredential(headers: RequestHeaders): Credential {
  const authorization = single(headers.authorization);
  const apiKeyHeader = single(headers[API_KEY_HEADER]);
  if (authorization === null || apiKeyHeader === null) return { kind: 'malformed', reason: 'repeated credential header' };

  let bearer: string | undefined;
  if (authorization !== undefined && /^Basic /i.test(authorization)) {
    if (apiKeyHeader !== undefined) return { kind: 'malformed', reason: 'two different credentials' };
    return parseBasic(authorization);
  }
  if (authorization !== undefined) {
    const match = /^Bearer +(\S+) *$/i.exec(authorization);
    if (!match) return { kind: 'malformed', reason: 'use the Bearer scheme' };
    bearer = match[1];
  }
  const apiKey = apiKeyHeader?.trim();
  if (apiKey !== undefined && apiKey !== '') {
    if (!apiKey.startsWith(API_KEY_PREFIX)) return { kind: 'malformed', reason: 'X-API-Key holds no API key' };
    if (bearer !== undefined && bearer !== apiKey) return { kind: 'malformed', reason: 'two different credentials' };
    return { kind: 'api_key', key: apiKey };
  }
  if (bearer === undefined) return { kind: 'none' };
  return bearer.startsWith(API_KEY_PREFIX) ? { kind: 'api_key', key: bearer } : { kind: 'jwt', token: bearer };
}

function parseBasic(authorization: string): Credential {
  const decoded = Buffer.from(authorization.slice('Basic '.length).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return { kind: 'malformed', reason: 'Basic credentials are username:password' };
  return { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The request's bearer JWT, or null when it carries an API key, nothing, or something malformed. */
export function bearerJwtOf(request: CredentialRequest): string | null {
  const credential = parseCredential(request.headers);
  return credential.kind === 'jwt' ? credential.token : null;
}
