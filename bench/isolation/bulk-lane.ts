import { Bus } from '@zagel/messaging';
import { MessageReportsAnnounced, MessageStatusBatch, MessageStatusChanged, MessageStatusPayload } from '@zagel/contracts';
import { PublicApiClient } from '@zagel/sdk';

const FINAL = new Set(['delivered', 'undelivered', 'failed', 'canceled', 'expired']);
const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Valid US mobiles (+1 415 555 xxxx), one segment each: promotional, so routed to providers. */
export function bulkBatch(size: number, round: number): { messages: { to: string; body: string; type: 'promotional' }[] } {
  return {
    messages: Array.from({ length: size }, (_, index) => ({
      to: `+1415555${String(index % 10_000).padStart(4, '0')}`,
      body: `Winter sale ${round}-${index}: 20% off today`,
      type: 'promotional' as const,
    })),
  };
}

export interface BulkRun {
  /** Seconds each batch took to be accepted (the HTTP answer). */
  acceptSeconds: number[];
  accepted: number;
  rejected: number;
  final: number;
  /** From the first batch's request to the last final status seen (or the deadline). */
  seconds: number;
  finalPerSec: number;
}

/**
 * The bulk lane as another organization drives it: batches through `POST /v1/messages/batch`, one
 * after the other, and the final status of each accepted message as the platform announces it on
 * the bus (`message.status.batch`, or `message.status` for whatever is sent alone).
 */
export class BulkLane {
  private readonly finalAt = new Map<string, number>();
  private watched = new Set<string>();
  private lastFinal = 0;
  /** Batches of the current run not answered yet. */
  private pending = 0;

  /** The bench's own listener on the status events. */
  readonly plays = (bus: Bus): void => {
    const seen = (item: MessageStatusPayload) => {
      if (!FINAL.has(item.status) || this.finalAt.has(item.messageId)) return;
      const at = nowMs();
      this.finalAt.set(item.messageId, at);
      if (this.watched.has(item.messageId)) this.lastFinal = at;
    };
    bus.onEvent(MessageStatusBatch, (batch) => void batch.items.forEach(seen));
    bus.onEvent(MessageReportsAnnounced, (batch) => void batch.items.forEach(seen));
    bus.onEvent(MessageStatusChanged, (event) => void seen(event));
  };

  constructor(private readonly app: PublicApiClient) {}

  /** True once every message accepted so far has a final status. */
  done(): boolean {
    return this.pending === 0 && [...this.watched].every((id) => this.finalAt.has(id));
  }

  /** Sends the batches one after the other, then waits (up to `deadlineSeconds` after the last was accepted) for their final statuses. */
  async run(batches: number, size: number, deadlineSeconds: number, firstRound = 0): Promise<BulkRun> {
    this.watched = new Set();
    this.lastFinal = 0;
    this.pending = batches;
    const started = nowMs();
    const acceptSeconds: number[] = [];
    let accepted = 0;
    let rejected = 0;
    for (let round = 0; round < batches; round += 1) {
      const before = nowMs();
      const reply = (await this.app.post('/v1/messages/batch', bulkBatch(size, firstRound + round), { idempotencyKey: null })).body;
      acceptSeconds.push((nowMs() - before) / 1_000);
      for (const message of reply.accepted) this.watched.add(message.id);
      accepted += reply.accepted.length;
      rejected += reply.rejected.length;
      this.pending -= 1;
    }
    const posted = nowMs();
    while (!this.done() && nowMs() - posted < deadlineSeconds * 1_000) await sleep(100);
    const final = [...this.watched].filter((id) => this.finalAt.has(id)).length;
    const seconds = ((this.done() ? this.lastFinal : nowMs()) - started) / 1_000;
    return { acceptSeconds, accepted, rejected, final, seconds, finalPerSec: seconds > 0 ? final / seconds : 0 };
  }
}
