import { ProviderError } from '../provider-adapter';

/**
 * Kavenegar's `return.status` (mirrored in the HTTP status). Account-level refusals — 401 account disabled,
 * 403 invalid API key, 416 caller IP not allowed, 418 insufficient credit — and 409 (server cannot answer,
 * retry later) and 5xx are transient; the rest (411 invalid receptor, 412 invalid sender, 413 message empty
 * or too long, 414 too many receptors, 422 invalid characters, ...) describe the request.
 */
const TRANSIENT = new Set([401, 402, 403, 409, 416, 418, 429]);
// verify/lookup: 424 template not found, 426 the method needs the advanced service, 431 token structure invalid, 432 a
// token missing from the template text: permanent for this provider, so the chain moves on to the next one.

/** Statuses about the recipient, as Zagel's recipient error codes. */
const RECIPIENT_STATUSES: ReadonlyMap<number, string> = new Map([
  [411, 'invalid_number'], // the receptor is not valid
]);

export function kavenegarError(status: number, text: string): ProviderError {
  const message = `Kavenegar ${status}: ${text}`;
  if (TRANSIENT.has(status) || status >= 500 || status === 0) return new ProviderError('transient', String(status), message);
  return new ProviderError('permanent', RECIPIENT_STATUSES.get(status) ?? String(status), message);
}
