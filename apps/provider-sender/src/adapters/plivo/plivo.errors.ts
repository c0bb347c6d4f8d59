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

export function plivoError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const message = typeof error === 'string' ? error : error instanceof Error ? error.message : String(error);
  const status = (error as { status?: unknown })?.status ?? statusInMessage(message);
  if (typeof status !== 'number') return new ProviderError('transient', 'network', message);
  const code = `http_${status}`;
  const geoPermission = (error as { constructor?: { name?: string } }).constructor?.name === 'GeoPermissionError';
  if (geoPermission) return new ProviderError('permanent', 'geo_permission', message);
  if (status === 429 || status >= 500 || status === 401 || status === 403) return new ProviderError('transient', code, message);
  return new ProviderError('permanent', code, message);
}
