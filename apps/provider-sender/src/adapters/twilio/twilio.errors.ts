import { ProviderError } from '../provider-adapter';

/** Twilio error codes about the recipient, as Zagel's recipient error codes (any provider would fail the same way). */
const RECIPIENT_CODES: ReadonlyMap<number, string> = new Map([
  [21211, 'invalid_number'], // invalid 'To' number
  [21217, 'invalid_number'], // phone number does not appear to be valid
  [21610, 'unsubscribed_number'], // recipient replied STOP
  [21612, 'unreachable_number'], // 'To' cannot be reached from this 'From'
  [21614, 'landline_number'], // 'To' is not a mobile number
]);

/** Twilio error codes that say the message itself can never go out as it is. */
const PERMANENT_CODES = new Set([
  21211, // invalid 'To' number
  21408, // permission to send to this region not enabled
  21610, // recipient replied STOP
  21612, // 'To' cannot be reached from this 'From'
  21614, // 'To' is not a mobile number
  21617, // body exceeds 1600 characters
  21659, // 'From' is not a Twilio number or verified sender
  30007, // filtered as spam
]);

/** Twilio answered with an error (RestException: HTTP status and Twilio error code), or could not be reached. */
export function twilioError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const status = typeof (error as { status?: unknown })?.status === 'number' ? (error as { status: number }).status : 0;
  const code = typeof (error as { code?: unknown })?.code === 'number' ? (error as { code: number }).code : undefined;
  const codeText = code !== undefined ? String(code) : status ? `http_${status}` : 'network';
  const message = `Twilio ${codeText}: ${error instanceof Error ? error.message : String(error)}`;
  const recipientCode = code !== undefined ? RECIPIENT_CODES.get(code) : undefined;
  if (recipientCode) return new ProviderError('permanent', recipientCode, message);
  if (code !== undefined && PERMANENT_CODES.has(code)) return new ProviderError('permanent', codeText, message);
  // 20429 is Twilio's "too many requests"; 401/403 (20003) is a broken account, not a bad message.
  if (status === 0 || status === 429 || code === 20429 || status >= 500 || status === 401 || status === 403) {
    return new ProviderError('transient', codeText, message);
  }
  return new ProviderError('permanent', codeText, message);
}
