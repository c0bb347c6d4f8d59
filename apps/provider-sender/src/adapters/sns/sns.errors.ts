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

/**
 * Publish names the parameter it refused ("Invalid parameter: PhoneNumber Reason: ..."): a bad PhoneNumber
 * is the recipient's, a bad Message or attribute is ours. OptedOut is the number's opt-out.
 */
function snsRecipientCode(code: string, text: string): string | undefined {
  if (code === 'OptedOut') return 'unsubscribed_number';
  if ((code === 'InvalidParameter' || code === 'InvalidParameterValue') && /\bPhoneNumber\b/.test(text)) return 'invalid_number';
  return undefined;
}

/** An SDK ServiceException (name = the SNS error code, `$metadata.httpStatusCode`, `$fault`) or a transport error. */
export function snsError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const name = (error as { name?: string })?.name ?? 'Error';
  const code = (error as { Code?: string }).Code ?? name.replace(/Exception$/, '');
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const fault = (error as { $fault?: string }).$fault;
  const text = error instanceof Error ? error.message : String(error);
  if (status === undefined) return new ProviderError('transient', 'network', `SNS network: ${text}`);
  const message = `SNS ${code}: ${text}`;
  const recipientCode = snsRecipientCode(code, text);
  if (recipientCode) return new ProviderError('permanent', recipientCode, message);
  if (THROTTLING.has(code) || THROTTLING.has(name) || status === 429) return new ProviderError('transient', code, message);
  if (fault === 'server' || status >= 500 || ACCOUNT_ERRORS.has(code)) return new ProviderError('transient', code, message);
  return new ProviderError('permanent', code, message);
}
