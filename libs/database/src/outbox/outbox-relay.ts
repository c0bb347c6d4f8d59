import { Logger } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { Poller } from '@zagel/concurrency';
import type { OutgoingMessage } from '@zagel/messaging';
import { onOutboxCommit } from './outbox-commit-hook';
import { OutboxListener } from './outbox-listener';
import { describeError, OutboxLogger } from './outbox-logger';
import { OutboxPublisher } from './outbox-publisher';

export interface OutboxRelayOptions {
  /** Most rows published per round. Default 500. */
  batchSize?: number;
  /** Fallback look for rows when nothing woke the relay. Default 1000 ms. */
  pollIntervalMs?: number;
  /** A publish not settled by then counts as failed (the rows are retried). Default 30 s. */
  publishTimeoutMs?: number;
  /** A row that failed waits first this long, doubling per attempt up to `maxRetryDelayMs`. Default 1 s. */
  retryDelayMs?: number;
  /** Default 60 s. */
  maxRetryDelayMs?: number;
  /** Wake on other instances' commits through LISTEN/NOTIFY. Default true. */
  listen?: boolean;
  logger?: OutboxLogger;
}

interface OutboxRow {
  id: string;
  destination: OutgoingMessage['destination'];
  metadata: OutgoingMessage['metadata'];
  payload: object;
}

// Rows another relay is publishing are locked: skip them rather than wait, so two relays never
// hand the same row over at the same time and neither blocks the other.
const CLAIM = `
  SELECT id, destination, metadata, payload FROM outbox
  WHERE published_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= now())
  ORDER BY id
  LIMIT $1
  FOR UPDATE SKIP LOCKED`;

const MARK_PUBLISHED = `
  UPDATE outbox SET published_at = now(), attempts = attempts + 1, next_attempt_at = NULL, last_error = NULL
  WHERE id = ANY($1::uuid[])`;

const MARK_FAILED = `
  UPDATE outbox SET
    attempts = outbox.attempts + 1,
    last_error = failed.error,
    next_attempt_at = now() + least($3 * power(2, least(outbox.attempts, 20)), $4) * interval '1 millisecond'
  FROM unnest($1::uuid[], $2::text[]) AS failed (id, error)
  WHERE outbox.id = failed.id`;

class PublishTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`publish not confirmed within ${timeoutMs} ms`);
    this.name = 'PublishTimeout';
  }
}

/**
 * Publishes committed outbox rows, oldest id first, and marks them published only after the
 * publisher confirmed them: at least once, never lost. A commit that wrote outbox rows through
 * `Outbox` in this process wakes the relay at once; commits of other instances (or raw SQL
 * inserts) wake it through the outbox trigger's NOTIFY; a timer covers everything else.
 * Rows that fail stay unpublished and are retried with a growing delay, so a retried message
 * can go out after newer ones: consumers must not rely on order across failures.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly publishTimeoutMs: number;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly logger: OutboxLogger;
  private readonly ownWriter?: string;
  private readonly poller: Poller;
  private listener?: OutboxListener;
  private unsubscribe?: () => void;
  private started = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: OutboxPublisher,
    private readonly options: OutboxRelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.publishTimeoutMs = options.publishTimeoutMs ?? 30_000;
    this.retryDelayMs = options.retryDelayMs ?? 1_000;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 60_000;
    this.logger = options.logger ?? new Logger('OutboxRelay');
    this.ownWriter = (dataSource.options as PostgresConnectionOptions).applicationName;
    // Woken by commits; the interval is the fallback, and the next round after a failed one.
    this.poller = new Poller({
      name: 'outbox relay round',
      intervalMs: this.pollIntervalMs,
      task: async () => (await this.round()).claimed === this.batchSize,
      logger: this.logger,
    });
  }

  async start(): Promise<void> {
    if (this.started) return;
    const schema = (this.dataSource.options as PostgresConnectionOptions).schema;
    if (!schema) throw new Error('OutboxRelay needs a data source bound to a schema (createServiceDataSource)');
    this.started = true;
    this.unsubscribe = onOutboxCommit(this.dataSource, () => this.wake());
    if (this.options.listen ?? true) {
      this.listener = new OutboxListener(this.dataSource, {
        channel: `${schema}.outbox`,
        // This process's own commits already woke the relay through onOutboxCommit.
        onNotify: (writer) => {
          if (writer !== this.ownWriter) this.wake();
        },
        onListening: () => this.wake(),
        reconnectDelayMs: this.pollIntervalMs,
        logger: this.logger,
      });
      await this.listener.start();
    }
    this.poller.start();
    this.wake();
  }

  /** Publishes what is pending now (and whatever commits meanwhile); cheap to call often. */
  wake(): void {
    this.poller.wake();
  }

  /** Stops waking, waits for the round in flight; rows it could not publish stay for the next start. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.unsubscribe?.();
    await this.listener?.stop();
    this.listener = undefined;
    await this.poller.stop();
  }

  /**
   * Runs rounds until nothing is left to claim; resolves with how many rows were published.
   * For tools and tests: a started relay does this by itself.
   */
  async publishPending(): Promise<number> {
    let published = 0;
    for (;;) {
      const round = await this.round();
      published += round.published;
      if (round.claimed < this.batchSize) return published;
    }
  }

  /** Claims a batch, publishes it and records the outcome, all in one transaction holding the row locks. */
  private async round(): Promise<{ claimed: number; published: number }> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      const rows: OutboxRow[] = await runner.query(CLAIM, [this.batchSize]);
      let published = 0;
      if (rows.length > 0) published = await this.publishClaimed(runner, rows);
      await runner.commitTransaction();
      return { claimed: rows.length, published };
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async publishClaimed(runner: QueryRunner, rows: OutboxRow[]): Promise<number> {
    const messages = rows.map(({ destination, metadata, payload }) => ({ destination, metadata, payload }));
    const failures = await this.publish(messages);
    // Losing this commit in a crash only means publishing again (consumers dedupe), so it need
    // not wait for the WAL flush, which is most of a round's time on an idle path.
    await runner.query('SET LOCAL synchronous_commit = off');
    const published = rows.filter((row) => !failures.has(row.id)).map((row) => row.id);
    if (published.length > 0) await runner.query(MARK_PUBLISHED, [published]);
    if (failures.size > 0) {
      this.logger.warn(`outbox: ${failures.size} of ${rows.length} messages not published, will retry`);
      const [ids, errors] = [[...failures.keys()], [...failures.values()]];
      await runner.query(MARK_FAILED, [ids, errors, this.retryDelayMs, this.maxRetryDelayMs]);
    }
    return published.length;
  }

  /** Publishes and returns the ids that were not confirmed, with why. */
  private async publish(messages: OutgoingMessage[]): Promise<Map<string, string>> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PublishTimeout(this.publishTimeoutMs)), this.publishTimeoutMs);
    });
    try {
      const report = await Promise.race([this.publisher.publishOutgoing(messages), timeout]);
      const failed = report?.failed ?? [];
      return new Map(failed.map(({ message, error }) => [message.metadata.messageId, describeError(error)]));
    } catch (error) {
      return new Map(messages.map((message) => [message.metadata.messageId, describeError(error)]));
    } finally {
      clearTimeout(timer);
    }
  }
}
