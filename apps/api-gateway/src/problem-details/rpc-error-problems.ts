import { AuthErrorCode } from '@zagel/contracts';
import { RpcRemoteError } from '@zagel/messaging';
import { problem, Problem } from './problem';

const STATUS_BY_CODE = new Map<string, number>(Object.entries({
  [AuthErrorCode.EmailTaken]: 409,
  [AuthErrorCode.InvalidCredentials]: 401,
  [AuthErrorCode.WeakPassword]: 422,
  [AuthErrorCode.TooManyAttempts]: 429,
  [AuthErrorCode.InvalidRefreshToken]: 401,
  [AuthErrorCode.RefreshTokenReused]: 401,
  [AuthErrorCode.NotFound]: 404,
  [AuthErrorCode.Forbidden]: 403,
  [AuthErrorCode.OrganizationSuspended]: 403,
  [AuthErrorCode.AlreadyMember]: 409,
  [AuthErrorCode.LastOwner]: 409,
  [AuthErrorCode.InvalidApiKey]: 401,
}));

/** Details a service may pass on to the client; anything else stays internal. */
const PUBLIC_DETAILS = new Set(['reasons', 'retryAfterSeconds', 'suggestions']);

/**
 * Lets a gateway feature expose its service's error codes as HTTP statuses, and name the error
 * details that are safe to show; called once where the feature's controller is defined.
 */
export function exposeRemoteErrors(statuses: Record<string, number>, publicDetails: readonly string[] = []): void {
  for (const [code, status] of Object.entries(statuses)) {
    const known = STATUS_BY_CODE.get(code);
    if (known !== undefined && known !== status) throw new Error(`remote error ${code} is mapped to ${known} and ${status}`);
    STATUS_BY_CODE.set(code, status);
  }
  for (const name of publicDetails) PUBLIC_DETAILS.add(name);
}

export const RETRY_AFTER_UNAVAILABLE_SECONDS = 5;

/** A service's stable error code as an HTTP problem; unknown codes are internal errors with no internal text. */
export function problemFromRemoteError(error: RpcRemoteError): Problem | undefined {
  const status = STATUS_BY_CODE.get(error.code);
  if (status === undefined) return undefined;
  const details = error.details ?? {};
  const extensions = Object.fromEntries(Object.entries(details).filter(([name]) => PUBLIC_DETAILS.has(name)));
  const retryAfter = Number(details.retryAfterSeconds);
  const headers = status === 429 && retryAfter > 0 ? { 'Retry-After': String(Math.ceil(retryAfter)) } : undefined;
  return problem(status, error.code, error.message, { extensions, headers });
}

export function serviceUnavailable(): Problem {
  return problem(503, 'service_unavailable', 'A service behind the API did not answer in time; try again shortly.', {
    headers: { 'Retry-After': String(RETRY_AFTER_UNAVAILABLE_SECONDS) },
  });
}
