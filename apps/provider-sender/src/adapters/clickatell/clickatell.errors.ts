import { ProviderError } from '../provider-adapter';

/**
 * One API error codes (clickatell.com "One API: Error messages"). Account and platform problems are transient
 * (1 bad API key, 2/3 inactive account or integration, 7 IP not approved, 18/19 internal, 20 balance, 43 rate
 * limit, 44/45 FROM number suspended or not on the integration); recipient and content errors are permanent.
 */
const TRANSIENT_CODES = new Set([1, 2, 3, 7, 18, 19, 20, 43, 44, 45]);

export function clickatellError(httpStatus: number, errorCode: number | undefined, message: string, retryAfterMs?: number): ProviderError {
  const code = errorCode !== undefined ? String(errorCode) : `http_${httpStatus}`;
  const transient =
    errorCode !== undefined ? TRANSIENT_CODES.has(errorCode) : httpStatus === 429 || httpStatus >= 500 || httpStatus === 401;
  return new ProviderError(transient ? 'transient' : 'permanent', code, message, transient ? retryAfterMs : undefined);
}
