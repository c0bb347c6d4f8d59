import { ProviderError } from '../provider-adapter';

/**
 * One API error codes (clickatell.com "One API: Error messages"). Account and platform problems are transient
 * (1 bad API key, 2/3 inactive account or integration, 7 IP not approved, 18/19 internal, 20 balance, 43 rate
 * limit, 44/45 FROM number suspended or not on the integration); recipient and content errors are permanent.
 */
const TRANSIENT_CODES = new Set([1, 2, 3, 7, 18, 19, 20, 43, 44, 45]);

/** Per-message error codes about the recipient, as Zagel's recipient error codes. */
const RECIPIENT_CODES: ReadonlyMap<number, string> = new Map([
  [25, 'invalid_number'], // invalid recipient address
]);

export function clickatellError(httpStatus: number, errorCode: number | undefined, text: string, retryAfterMs?: number): ProviderError {
  const code = errorCode !== undefined ? String(errorCode) : `http_${httpStatus}`;
  const message = `Clickatell ${code}: ${text}`;
  const transient =
    errorCode !== undefined ? TRANSIENT_CODES.has(errorCode) : httpStatus === 429 || httpStatus >= 500 || httpStatus === 401;
  if (transient) return new ProviderError('transient', code, message, retryAfterMs);
  return new ProviderError('permanent', (errorCode !== undefined && RECIPIENT_CODES.get(errorCode)) || code, message);
}
