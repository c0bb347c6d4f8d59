/** How the client retries an answer that says "later" (429 Too Many Requests, 503 Service Unavailable). */
export interface RetryPolicy {
  /** Tries in all, the first included: 1 never retries. Default 3. */
  attempts: number;
  /** The longest wait the client accepts; an answer asking for longer is handed back at once. Default 30 s. */
  maxDelayMs: number;
  /** The wait when the answer names none (no Retry-After): doubled per try, with jitter. Default 500 ms. */
  baseDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = { attempts: 3, maxDelayMs: 30_000, baseDelayMs: 500 };

const RETRIED_STATUSES = new Set([429, 503]);
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** `false` turns retries off; a partial policy fills in the rest from the defaults. */
export function resolveRetryPolicy(...layers: (Partial<RetryPolicy> | false | undefined)[]): RetryPolicy {
  let policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY };
  for (const layer of layers) {
    if (layer === false) policy = { ...policy, attempts: 1 };
    else if (layer) policy = { ...policy, ...layer };
  }
  return policy;
}

/**
 * Whether repeating the request is safe: an idempotent method, or a POST the server deduplicates by
 * its Idempotency-Key (a second try answers what the first did, never creating the work twice).
 */
export function mayRetry(method: string, headers: Record<string, string>): boolean {
  return IDEMPOTENT_METHODS.has(method) || (method === 'POST' && Boolean(headers['idempotency-key']));
}

/** Milliseconds a `Retry-After` value asks for (delay-seconds or an HTTP date); undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * How long to wait before try `attempt + 1` after `response`, or undefined when it must not be
 * retried (a status that is not "later", tries used up, or a wait longer than the policy accepts).
 */
export function retryDelayMs(response: { status: number; headers: Headers }, attempt: number, policy: RetryPolicy): number | undefined {
  if (!RETRIED_STATUSES.has(response.status) || attempt >= policy.attempts) return undefined;
  const asked = retryAfterMs(response.headers.get('retry-after'));
  const delay = asked ?? policy.baseDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
  return delay <= policy.maxDelayMs ? delay : undefined;
}

/** Waits `ms`, or rejects with the signal's reason once it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
