import { get } from 'node:http';

export interface WaitForReadyOptions {
  /** Overall limit; Infinity waits until aborted. Default 30 s. */
  timeoutMs?: number;
  /** Pause between probes. Default 200 ms. */
  intervalMs?: number;
  /** Limit of one probe. Default 2 s. */
  requestTimeoutMs?: number;
  /** Stops waiting (a Ctrl-C during startup). */
  signal?: AbortSignal;
}

export class ReadinessTimeoutError extends Error {
  constructor(
    readonly url: string,
    readonly timeoutMs: number,
    readonly lastAnswer: string,
  ) {
    super(`${url} not ready after ${timeoutMs} ms (last answer: ${lastAnswer})`);
    this.name = 'ReadinessTimeoutError';
  }
}

/** A probe the service did not answer in time. */
export class ProbeTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'ProbeTimeoutError';
  }
}

/** One GET: the status code, or why there was none. No keep-alive, so nothing lingers afterwards. */
export function probeStatus(url: string, timeoutMs = 2_000): Promise<number | Error> {
  return new Promise((resolve) => {
    const request = get(url, { agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.once('timeout', () => request.destroy(new ProbeTimeoutError(timeoutMs)));
    request.once('error', resolve);
  });
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

function describeAnswer(answer: number | Error): string {
  return typeof answer === 'number' ? `HTTP ${answer}` : answer.message || answer.name;
}

/** Polls `url` until it answers 200; rejects with ReadinessTimeoutError (or when aborted). */
export async function waitForReady(url: string, options: WaitForReadyOptions = {}): Promise<void> {
  const { timeoutMs = 30_000, intervalMs = 200, requestTimeoutMs = 2_000, signal } = options;
  const deadline = Date.now() + timeoutMs;
  let last: string | undefined;
  while (!signal?.aborted) {
    const probeMs = Math.max(1, Math.min(requestTimeoutMs, deadline - Date.now()));
    const answer = await probeStatus(url, probeMs);
    if (answer === 200) return;
    // A probe cut short by the deadline says nothing new: the error keeps what the last full one heard.
    const cutShort = answer instanceof ProbeTimeoutError && probeMs < requestTimeoutMs;
    last = cutShort && last !== undefined ? last : describeAnswer(answer);
    const left = deadline - Date.now();
    if (left <= 0) throw new ReadinessTimeoutError(url, timeoutMs, last);
    await pause(Math.min(intervalMs, left), signal);
  }
  throw new Error(`stopped waiting for ${url}`);
}

export interface ReadinessTarget {
  name: string;
  url: string;
}

export interface WaitForAllReadyOptions extends WaitForReadyOptions {
  onReady?: (name: string, elapsedMs: number) => void;
  /** Called every `waitingEveryMs` with the names still not ready. */
  onWaiting?: (pending: string[], elapsedMs: number) => void;
  /** Default 5 s. */
  waitingEveryMs?: number;
}

export interface ReadinessSummary {
  ready: string[];
  notReady: string[];
}

/** Waits for all targets in parallel; never rejects, reports who made it in time. */
export async function waitForAllReady(
  targets: readonly ReadinessTarget[],
  options: WaitForAllReadyOptions = {},
): Promise<ReadinessSummary> {
  const started = Date.now();
  const pending = new Set(targets.map((target) => target.name));
  const ready: string[] = [];
  const progress = setInterval(() => options.onWaiting?.([...pending], Date.now() - started), options.waitingEveryMs ?? 5_000);
  try {
    await Promise.all(
      targets.map(async (target) => {
        try {
          await waitForReady(target.url, options);
        } catch {
          return;
        }
        pending.delete(target.name);
        ready.push(target.name);
        options.onReady?.(target.name, Date.now() - started);
      }),
    );
  } finally {
    clearInterval(progress);
  }
  return { ready, notReady: [...pending] };
}
