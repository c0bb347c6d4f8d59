import { ProviderError } from '../provider-adapter';

/** Credentials or permissions: the account is misconfigured; another provider may still send the message. */
const ACCOUNT_ERRORS = new Set([
  'AuthorizationError',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'KMSAccessDenied',
]);
const THROTTLING = new Set(['Throttled', 'Throttling', 'ThrottlingException', 'ThrottledException']);

/** An SDK ServiceException (name = the SNS error code, `$metadata.httpStatusCode`, `$fault`) or a transport error. */
export function snsError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const name = (error as { name?: string })?.name ?? 'Error';
  const code = (error as { Code?: string }).Code ?? name.replace(/Exception$/, '');
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const fault = (error as { $fault?: string }).$fault;
  const message = error instanceof Error ? error.message : String(error);
  if (status === undefined) return new ProviderError('transient', 'network', message);
  if (THROTTLING.has(code) || THROTTLING.has(name) || status === 429) return new ProviderError('transient', code, message);
  if (fault === 'server' || status >= 500 || ACCOUNT_ERRORS.has(code)) return new ProviderError('transient', code, message);
  return new ProviderError('permanent', code, message);
}
