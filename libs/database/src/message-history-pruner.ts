import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { describeError, OutboxLogger } from './outbox/outbox-logger';

const CHUNK = 10_000;

// In chunks, so a large backlog never holds long locks or one huge transaction.
async function deleteInChunks(dataSource: DataSource, sql: string, olderThanMs: number): Promise<number> {
  let total = 0;
  for (;;) {
    const [, deleted]: [unknown, number] = await dataSource.query(sql, [olderThanMs, CHUNK]);
    total += deleted;
    if (deleted < CHUNK) return total;
  }
}

/** Deletes outbox rows published more than `olderThanMs` ago; returns how many. */
export function prunePublishedOutbox(dataSource: DataSource, olderThanMs: number): Promise<number> {
  return deleteInChunks(
    dataSource,
    `DELETE FROM outbox WHERE id IN (
       SELECT id FROM outbox WHERE published_at < now() - $1 * interval '1 millisecond' LIMIT $2)`,
    olderThanMs,
  );
}

/** Forgets message ids handled more than `olderThanMs` ago; returns how many. */
export function pruneInbox(dataSource: DataSource, olderThanMs: number): Promise<number> {
  return deleteInChunks(
    dataSource,
    `DELETE FROM inbox WHERE ctid IN (
       SELECT ctid FROM inbox WHERE processed_at < now() - $1 * interval '1 millisecond' LIMIT $2)`,
    olderThanMs,
  );
}

export interface MessageHistoryPrunerOptions {
  outboxRetentionMs: number;
  inboxRetentionMs: number;
  /** Default 10 minutes. */
  intervalMs?: number;
  logger?: OutboxLogger;
}

/** Keeps the outbox and inbox tables small: prunes on start, then on an interval. */
export class MessageHistoryPruner {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private readonly logger: OutboxLogger;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: MessageHistoryPrunerOptions,
  ) {
    this.logger = options.logger ?? new Logger('MessageHistoryPruner');
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.prune(), this.options.intervalMs ?? 600_000);
    this.timer.unref();
    this.prune();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private prune(): void {
    if (this.running) return;
    this.running = this.pruneNow()
      .catch((error: unknown) => {
        this.logger.warn(`pruning outbox/inbox failed: ${describeError(error)}`);
      })
      .finally(() => {
        this.running = undefined;
      });
  }

  private async pruneNow(): Promise<void> {
    await prunePublishedOutbox(this.dataSource, this.options.outboxRetentionMs);
    await pruneInbox(this.dataSource, this.options.inboxRetentionMs);
  }
}
