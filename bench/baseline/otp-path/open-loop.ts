import { Agent, request } from 'node:http';

/** Monotonic milliseconds on the clock every process of the machine shares (CLOCK_MONOTONIC). */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export interface Outcome {
  index: number;
  scheduledAt: number;
  answeredAt?: number;
  status?: number;
  error?: string;
}

/**
 * Open loop: request `index` is due at `start + index / rate` whether or not the earlier ones were
 * answered, and its latency counts from that moment, so a stalled server cannot hide its queue.
 */
export async function driveOpenLoop(rate: number, count: number, send: (index: number) => Promise<number>): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const pending: Promise<void>[] = [];
  const start = monotonicMs() + 5;
  while (outcomes.length < count) {
    const due = Math.min(count, Math.floor(((monotonicMs() - start) * rate) / 1_000) + 1);
    while (outcomes.length < due) {
      const outcome: Outcome = { index: outcomes.length, scheduledAt: start + (outcomes.length * 1_000) / rate };
      outcomes.push(outcome);
      pending.push(
        send(outcome.index).then(
          (status) => {
            outcome.answeredAt = monotonicMs();
            outcome.status = status;
          },
          (error: unknown) => {
            outcome.answeredAt = monotonicMs();
            outcome.error = error instanceof Error ? error.message : String(error);
          },
        ),
      );
    }
    const nextDue = start + (outcomes.length * 1_000) / rate;
    if (outcomes.length < count) await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextDue - monotonicMs())));
  }
  await Promise.all(pending);
  return outcomes;
}

/** POSTs JSON over kept-alive connections (a customer's backend with a connection pool); resolves with the status. */
export class JsonPoster {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });
  private readonly url: URL;

  constructor(baseUrl: string) {
    this.url = new URL(baseUrl);
  }

  post(path: string, body: object): Promise<number> {
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const outgoing = request(
        {
          agent: this.agent,
          hostname: this.url.hostname,
          port: this.url.port,
          path,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) },
        },
        (response) => {
          response.resume();
          response.on('error', reject);
          response.on('end', () => resolve(response.statusCode ?? 0));
        },
      );
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
