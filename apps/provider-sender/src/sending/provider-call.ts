import { OutboundSms, ProviderAdapter, ProviderError, SubmitResult } from '../adapters/provider-adapter';

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
 * After an ambiguous failure, asks a provider that can answer whether it holds the message: its result
 * if it does (the submit succeeded, only the answer was lost), otherwise undefined (retry as usual;
 * a lookup that fails leaves it as it was).
 */
export async function submittedDespite(error: ProviderError, adapter: ProviderAdapter, sms: OutboundSms): Promise<SubmitResult | undefined> {
  if (!AMBIGUOUS_CODES.has(error.code) || !adapter.findSubmitted) return undefined;
  try {
    return (await adapter.findSubmitted(sms)) ?? undefined;
  } catch {
    return undefined;
  }
}
