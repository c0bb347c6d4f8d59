import { ProviderError } from '../provider-adapter';

/**
 * SMS API `status` values (developer.vonage.com "SMS API error codes"). Throttling, internal errors and
 * account-level refusals (credentials, barred account, no credit, too many binds) are transient: the
 * message may go through later or through another provider. The rest describe the message itself.
 */
const TRANSIENT = new Set(['1', '4', '5', '8', '9', '10', '11']);

/** Statuses about the recipient, as Zagel's recipient error codes. */
const RECIPIENT_STATUSES: Readonly<Record<string, string>> = {
  '7': 'blocked_number', // Number Barred: the recipient is on Vonage's blacklist
  '33': 'unreachable_number', // Number De-activated
};

export function vonageStatusError(status: string, text: string | undefined): ProviderError {
  const message = `Vonage ${status}: ${text ?? `SMS API status ${status}`}`;
  const recipientCode = RECIPIENT_STATUSES[status];
  if (recipientCode) return new ProviderError('permanent', recipientCode, message);
  const kind = TRANSIENT.has(status) ? 'transient' : 'permanent';
  return new ProviderError(kind, status, message);
}

/** The HTTP exchange itself failed (no `messages` to read). */
export function vonageTransportError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const status = (error as { response?: { status?: number } })?.response?.status;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof status === 'number') {
    const transient = status === 429 || status >= 500 || status === 401 || status === 403;
    return new ProviderError(transient ? 'transient' : 'permanent', `http_${status}`, message);
  }
  return new ProviderError('transient', 'network', message);
}
