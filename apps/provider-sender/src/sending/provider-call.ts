import { OutboundSms, ProviderAdapter, ProviderError, SubmitResult } from '../adapters/provider-adapter';
import { ProviderSenderConfig } from '../config';

/** What an adapter threw, as a ProviderError (anything unexpected is a transient provider error). */
export function asProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const text = error instanceof Error ? error.message : String(error);
  return new ProviderError('transient', 'provider_error', text);
}

/** The submit, or a transient `timeout` once it took longer than `timeoutMs`. */
export function withTimeout(work: Promise<SubmitResult>, timeoutMs: number): Promise<SubmitResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProviderError('transient', 'timeout', `no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Failures after which the provider may have taken the message all the same (no answer in time, the
 * connection lost mid-call): retrying blindly could send it twice.
 */
const AMBIGUOUS_CODES = new Set(['timeout', 'network', 'provider_error']);

/**
 * Whether a try that failed with this code may still be taken by the provider later (a request it
 * processes after Zagel stopped waiting) and the provider can say whether it holds the message: then
 * nothing is submitted again for that message before its acceptance window has passed and it says no.
 */
export function mayStillBeTaken(errorCode: string, adapter: ProviderAdapter): boolean {
  return AMBIGUOUS_CODES.has(errorCode) && adapter.findSubmitted !== undefined;
}

/** How long after a submit whose answer was lost the provider may still take it (see PROVIDER_ACCEPTANCE_WINDOW_MS). */
export function acceptanceWindowMs(settings: Pick<ProviderSenderConfig, 'PROVIDER_ACCEPTANCE_WINDOW_MS' | 'PROVIDER_SUBMIT_TIMEOUT_MS'>): number {
  return settings.PROVIDER_ACCEPTANCE_WINDOW_MS ?? settings.PROVIDER_SUBMIT_TIMEOUT_MS;
}

/**
 * After an ambiguous failure, asks a provider that can answer whether it holds the message: its result
 * if it does (the submit succeeded, only the answer was lost), otherwise undefined (a lookup that fails
 * leaves it as it was). Asked at once, "not held" is not final: the retry asks again after the window.
 */
export async function submittedDespite(error: ProviderError, adapter: ProviderAdapter, sms: OutboundSms): Promise<SubmitResult | undefined> {
  if (!AMBIGUOUS_CODES.has(error.code) || !adapter.findSubmitted) return undefined;
  try {
    return (await adapter.findSubmitted(sms)) ?? undefined;
  } catch {
    return undefined;
  }
}
