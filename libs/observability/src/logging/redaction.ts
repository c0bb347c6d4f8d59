/** Field names that hold credentials wherever they appear (top level or one object down). */
const SECRET_FIELDS = [
  'password',
  'newPassword',
  'currentPassword',
  'passwordHash',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'deviceToken',
  'secret',
  'clientSecret',
  'webhookSecret',
  'apiKey',
  'api_key',
  'authorization',
  'privateKey',
];

const SECRET_HEADERS = ['authorization', 'x-api-key', 'cookie', 'proxy-authorization'];

export const DEFAULT_REDACT_PATHS: readonly string[] = [
  ...SECRET_HEADERS.flatMap((header) => [`req.headers["${header}"]`, `headers["${header}"]`]),
  'res.headers["set-cookie"]',
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]),
];

export const REDACTED = '[redacted]';

/** The default paths plus the caller's (pino / fast-redact path syntax). */
export function redactionPaths(extra: readonly string[] = []): string[] {
  return [...new Set([...DEFAULT_REDACT_PATHS, ...extra])];
}
