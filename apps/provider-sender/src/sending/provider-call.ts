import { ProviderError, SubmitResult } from '../adapters/provider-adapter';

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
