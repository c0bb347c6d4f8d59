import { ProviderError } from '../provider-adapter';

/**
 * The Plivo SDK rejects with a PlivoRestError carrying the HTTP `status` and the body's `error` text (Plivo's
 * message API has no numeric error codes on submit). 429/5xx and account errors (401/403 other than a
 * geo-permission refusal) are transient; other 4xx describe the request.
 */
/** For statuses outside its class map (429 among them) the SDK rejects a plain Error made from the axios error's text. */
function statusInMessage(message: string): number | undefined {
  const match = /status code (\d{3})/.exec(message);
  return match ? Number(match[1]) : undefined;
}

/**
 * Without codes, a refused destination is told by the `error` text about `dst` (Plivo: "... is not a valid
 * phone number", "invalid dst", "dst parameter not valid"); opted-out and landline refusals likewise.
 */
const RECIPIENT_TEXTS: ReadonlyArray<[RegExp, string]> = [
  [/opted[ -]?out|unsubscribed/i, 'unsubscribed_number'],
  [/landline|not (?:an? )?(?:sms[- ]capable|mobile)/i, 'landline_number'],
  [/not a valid phone number|invalid (?:dst|destination)|dst (?:parameter )?(?:is )?(?:not valid|invalid)/i, 'invalid_number'],
];

function recipientCode(text: string): string | undefined {
  return RECIPIENT_TEXTS.find(([pattern]) => pattern.test(text))?.[1];
}

export function plivoError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const text = typeof error === 'string' ? error : error instanceof Error ? error.message : String(error);
  const status = (error as { status?: unknown })?.status ?? statusInMessage(text);
  if (typeof status !== 'number') return new ProviderError('transient', 'network', `Plivo network: ${text}`);
  const code = `http_${status}`;
  const message = `Plivo ${code}: ${text}`;
  const geoPermission = (error as { constructor?: { name?: string } }).constructor?.name === 'GeoPermissionError';
  if (geoPermission) return new ProviderError('permanent', 'geo_permission', message);
  if (status === 429 || status >= 500 || status === 401 || status === 403) return new ProviderError('transient', code, message);
  return new ProviderError('permanent', status === 400 ? (recipientCode(text) ?? code) : code, message);
}
