import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Poller } from '@zagel/concurrency';
import { OutboxLogger } from './outbox/outbox-logger';

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
  inboxRetentionMs: number;
  /** Default 10 minutes. */
  intervalMs?: number;
  logger?: OutboxLogger;
}

/**
 * Keeps the inbox small: prunes on start, then on an interval. (Outbox rows are deleted by the
 * relay as soon as the broker confirmed them: there is no published history to prune.)
 */
export class MessageHistoryPruner {
  private readonly poller: Poller;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: MessageHistoryPrunerOptions,
  ) {
    this.poller = new Poller({
      name: 'pruning inbox',
      intervalMs: options.intervalMs ?? 600_000,
      task: () => this.pruneNow(),
      runAtStart: true,
      logger: options.logger ?? new Logger('MessageHistoryPruner'),
    });
  }

  start(): void {
    this.poller.start();
  }

  async stop(): Promise<void> {
    await this.poller.stop();
  }

  private async pruneNow(): Promise<void> {
    await pruneInbox(this.dataSource, this.options.inboxRetentionMs);
  }
}
