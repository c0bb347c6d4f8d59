import { ProviderError } from '../provider-adapter';

/**
 * SMS API `status` values (developer.vonage.com "SMS API error codes"). Throttling, internal errors and
 * account-level refusals (credentials, barred account, no credit, too many binds) are transient: the
 * message may go through later or through another provider. The rest describe the message itself.
 */
const TRANSIENT = new Set(['1', '4', '5', '8', '9', '10', '11']);

export function vonageStatusError(status: string, text: string | undefined): ProviderError {
  const kind = TRANSIENT.has(status) ? 'transient' : 'permanent';
  return new ProviderError(kind, status, text ?? `Vonage SMS API status ${status}`);
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
