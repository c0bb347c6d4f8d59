import { ProviderError } from '../provider-adapter';

export interface ProviderHttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * One HTTP call to a provider. A network failure or timeout is transient: the provider may or may not
 * have accepted the message, and the retry path (with the message id as idempotency key where the
 * provider takes one) is the only safe answer.
 */
export async function callProvider(url: string, init: RequestInit, timeoutMs: number): Promise<ProviderHttpResponse> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, headers: response.headers, text: await response.text() };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new ProviderError(
      'transient',
      timedOut ? 'timeout' : 'network',
      `provider unreachable: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** The JSON body of a provider answer, or undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** `Retry-After` in milliseconds (seconds or HTTP date), when the provider sent one. */
export function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** 429 and 5xx are the provider's trouble, anything else in 4xx is the request's. */
export function isTransientHttpStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
