import { ProviderError } from '../provider-adapter';

/**
 * SMS.IR documents its HTTP statuses (400 logical error, 401 authentication, 429 too many requests,
 * 500 unexpected) and puts its own `status` and Persian `message` in every body (1 = success). Account-level
 * refusals — API key problems and an empty balance — are transient for the chain (another provider can send);
 * other logical errors (bad mobile, bad line, empty text) are permanent.
 */
const ACCOUNT_STATUSES = new Set([10, 11, 12, 13, 14, 102]);
// verify: 113 template not found, 114 a parameter longer than 25 characters, 116 a parameter without a value:
// permanent for this provider (another provider in the chain may still send).

/** Logical errors about the recipient, as Zagel's recipient error codes. */
const RECIPIENT_STATUSES: ReadonlyMap<number, string> = new Map([
  [104, 'invalid_number'], // the mobile number is not valid
]);

export function smsIrError(
  httpStatus: number,
  bodyStatus: number | undefined,
  text: string,
  retryAfterMs?: number,
): ProviderError {
  const code = bodyStatus !== undefined ? String(bodyStatus) : `http_${httpStatus}`;
  const message = `SMS.IR ${code}: ${text}`;
  if (httpStatus === 401 || httpStatus === 429 || httpStatus >= 500 || httpStatus === 0) {
    return new ProviderError('transient', code, message, retryAfterMs);
  }
  if (bodyStatus !== undefined && (bodyStatus === 0 || ACCOUNT_STATUSES.has(bodyStatus))) {
    return new ProviderError('transient', code, message, retryAfterMs);
  }
  const recipientCode = bodyStatus !== undefined ? RECIPIENT_STATUSES.get(bodyStatus) : undefined;
  return new ProviderError('permanent', recipientCode ?? code, message);
}
