import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Poller } from '@zagel/concurrency';

const FLUSH_INTERVAL_MS = 1_000;
const KEEP_SECONDS = 3_600;
const PRUNE_INTERVAL_MS = 60_000;

/**
 * Counts the messages this instance stores, per second, and adds the counts to
 * `message_rate_seconds` once a second: the platform's message rate for operators, summed over
 * every instance, at one upsert a second instead of a write per message. Counted when stored in a
 * transaction, so a transaction that rolls back is still counted (rare: a refused reservation).
 */
@Injectable()
export class MessageRateMeter implements OnApplicationBootstrap, OnApplicationShutdown {
  private pending = new Map<number, number>();
  private prunedAt = 0;
  private readonly poller = new Poller({ name: 'message-rate', intervalMs: FLUSH_INTERVAL_MS, task: () => this.flush() });

  constructor(private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
    await this.flush();
  }

  count(messages: number, at = new Date()): void {
    if (messages <= 0) return;
    const second = Math.floor(at.getTime() / 1_000);
    this.pending.set(second, (this.pending.get(second) ?? 0) + messages);
  }

  /** Writes the counts gathered since the last flush; on failure they are kept for the next one. */
  async flush(): Promise<void> {
    if (this.pending.size > 0) {
      const counts = this.pending;
      this.pending = new Map();
      try {
        await this.dataSource.query(
          `INSERT INTO message_rate_seconds (second, accepted)
           SELECT to_timestamp(s), n FROM unnest($1::bigint[], $2::bigint[]) AS c (s, n)
           ON CONFLICT (second) DO UPDATE SET accepted = message_rate_seconds.accepted + excluded.accepted`,
          [[...counts.keys()], [...counts.values()]],
        );
      } catch (error) {
        for (const [second, messages] of counts) this.pending.set(second, (this.pending.get(second) ?? 0) + messages);
        throw error;
      }
    }
    if (Date.now() - this.prunedAt >= PRUNE_INTERVAL_MS) {
      this.prunedAt = Date.now();
      await this.dataSource.query(`DELETE FROM message_rate_seconds WHERE second < now() - make_interval(secs => $1)`, [KEEP_SECONDS]);
    }
  }
}
