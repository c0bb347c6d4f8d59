import { Logger } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { Gauge, register } from 'prom-client';
import { Poller } from '@zagel/concurrency';
import { BusErrorCode } from '@zagel/contracts';
import type { OutgoingMessage } from '@zagel/messaging';
import { onOutboxCommit } from './outbox-commit-hook';
import { describeError, OutboxLogger } from './outbox-logger';
import { OutboxPublisher } from './outbox-publisher';

export interface OutboxRelayOptions {
  /** Most rows one sweep claims, and most rows one DELETE removes. Default 500. */
  batchSize?: number;
  /** How often the sweeper looks for rows a crash or a failed publish left behind. Default 5 s. */
  sweepIntervalMs?: number;
  /** A row unpublished this long after its transaction began is a leftover the sweeper takes. Default 10 s. */
  sweepAfterMs?: number;
  /** A publish not settled by then counts as failed (the sweeper retries the rows). Default 30 s. */
  publishTimeoutMs?: number;
  /** A row the sweeper failed to publish waits this long, doubling per attempt up to `maxRetryDelayMs`. Default 1 s. */
  retryDelayMs?: number;
  /** Default 60 s. */
  maxRetryDelayMs?: number;
  /**
   * A command addressed to one instance that still reaches no queue this long after it was written is
   * dropped: that instance is gone (its queue expires a minute after its consumer left), and with it
   * whatever the command was for (a phone's socket, a session). Default 5 minutes.
   */
  goneInstanceAfterMs?: number;
  /** Messages published from memory and not yet confirmed; past this, commits leave theirs to the sweeper. Default 20,000. */
  maxInFlight?: number;
  /**
   * How long confirmed rows wait for the next outbox INSERT of this process to delete them on the
   * side before a DELETE of their own removes them. Default 100 ms.
   */
  deleteAfterMs?: number;
  logger?: OutboxLogger;
}

interface OutboxRow {
  id: string;
  created_at: Date;
  destination: OutgoingMessage['destination'];
  metadata: OutgoingMessage['metadata'];
  payload: object;
}

// A cheap look first (one round trip, on the partial index) so that an idle sweep opens no transaction.
const LEFTOVER = `
  SELECT 1 FROM outbox
  WHERE published_at IS NULL AND created_at <= now() - $1 * interval '1 millisecond'
    AND (next_attempt_at IS NULL OR next_attempt_at <= now())
  LIMIT 1`;

// The age of the oldest row not yet deleted (published rows go within a moment): the first entry of the
// partial index on unpublished rows, so one cheap round trip per sweep.
const OLDEST_AGE = `
  SELECT extract(epoch FROM now() - min(created_at))::float8 AS age FROM outbox WHERE published_at IS NULL`;

/** Seconds since the oldest outbox row of this process's service was written; 0 when none is waiting. */
export const OUTBOX_OLDEST_AGE = 'zagel_outbox_oldest_age_seconds';
const oldestAge =
  (register.getSingleMetric(OUTBOX_OLDEST_AGE) as Gauge | undefined) ??
  new Gauge({ name: OUTBOX_OLDEST_AGE, help: 'Age of the oldest outbox row not yet published, as of the last sweep (0: none)' });

// Rows another sweeper is publishing are locked: skip them rather than wait. Rows this process
// is publishing from memory right now are left out, so it never publishes them twice itself.
const CLAIM = `
  SELECT id, created_at, destination, metadata, payload FROM outbox
  WHERE published_at IS NULL AND created_at <= now() - $1 * interval '1 millisecond'
    AND (next_attempt_at IS NULL OR next_attempt_at <= now())
    AND NOT (id = ANY($3::uuid[]))
  ORDER BY created_at, id
  LIMIT $2
  FOR UPDATE SKIP LOCKED`;

const DELETE_PUBLISHED = `DELETE FROM outbox WHERE id = ANY($1::uuid[])`;

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
 * Publishes outbox messages right after their transaction commits, from memory: the commit
 * hands them over (nothing is read back), the broker confirms, and the confirmed rows are deleted
 * by primary key, by the next outbox INSERT of this process on the side (a CTE: no round trip)
 * or, after `deleteAfterMs` without one, by one DELETE for everything confirmed meanwhile. Commits
 * in a burst share the publisher's confirm round. A row is thus written once and deleted once.
 * A sweeper republishes what a crash (or a failed publish) left behind: rows still there some
 * seconds after their transaction began, claimed with `FOR UPDATE SKIP LOCKED` in creation order.
 * At least once, never lost: a crash after the confirm and before the DELETE publishes again,
 * and a retried message can go out after newer ones; consumers dedupe and must not rely on order.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly sweepAfterMs: number;
  private readonly publishTimeoutMs: number;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly goneInstanceAfterMs: number;
  private readonly maxInFlight: number;
  private readonly logger: OutboxLogger;
  private readonly sweeper: Poller;
  private readonly deleter: Poller;
  /** Ids handed to the publisher from memory and not settled yet. */
  private readonly inFlight = new Set<string>();
  /** Committed messages waiting for the next microtask, so one tick's commits go out together. */
  private queued: OutgoingMessage[] = [];
  /** Ids the broker confirmed whose rows are not deleted yet. */
  private confirmed: string[] = [];
  private readonly publishing = new Set<Promise<void>>();
  /** Messages a full live queue refused, waiting `retryDelayMs` to be published again from memory. */
  private readonly refused = new Map<NodeJS.Timeout, OutgoingMessage[]>();
  private unsubscribe?: () => void;
  private started = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: OutboxPublisher,
    options: OutboxRelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.sweepAfterMs = options.sweepAfterMs ?? 10_000;
    this.publishTimeoutMs = options.publishTimeoutMs ?? 30_000;
    this.retryDelayMs = options.retryDelayMs ?? 1_000;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 60_000;
    this.goneInstanceAfterMs = options.goneInstanceAfterMs ?? 300_000;
    this.maxInFlight = options.maxInFlight ?? 20_000;
    this.logger = options.logger ?? new Logger('OutboxRelay');
    this.sweeper = new Poller({
      name: 'outbox sweep',
      intervalMs: options.sweepIntervalMs ?? 5_000,
      task: async () => (await this.sweep(this.sweepAfterMs)).claimed === this.batchSize,
      runAtStart: true,
      logger: this.logger,
    });
    // Under load the next INSERT deletes confirmed rows on the side; this catches the rest.
    this.deleter = new Poller({
      name: 'outbox delete',
      intervalMs: options.deleteAfterMs ?? 100,
      task: () => this.deleteConfirmed(),
      logger: this.logger,
    });
  }

  async start(): Promise<void> {
    if (this.started) return;
    if (!(this.dataSource.options as PostgresConnectionOptions).schema) {
      throw new Error('OutboxRelay needs a data source bound to a schema (createServiceDataSource)');
    }
    this.started = true;
    this.unsubscribe = onOutboxCommit(this.dataSource, {
      committed: (messages) => this.committed(messages),
      takePublished: () => this.confirmed.splice(0, this.batchSize),
      returnPublished: (ids) => this.confirmed.push(...ids),
    });
    this.deleter.start();
    this.sweeper.start();
  }

  /** Runs a sweep now (rows older than the sweep age), or right after the one in flight. */
  wake(): void {
    this.sweeper.wake();
  }

  /**
   * Stops taking commits, waits for the publishes in flight (at most the publish timeout) and
   * deletes what they confirmed; rows it could not publish stay for the next sweep.
   */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.unsubscribe?.();
    this.flushQueued();
    // Their rows stay for the next sweep.
    for (const [timer, messages] of this.refused) {
      clearTimeout(timer);
      for (const message of messages) this.inFlight.delete(message.metadata.messageId);
    }
    this.refused.clear();
    await Promise.allSettled([...this.publishing]);
    await this.sweeper.stop();
    await this.deleter.stop();
    await this.deleteConfirmed().catch((error: unknown) => {
      this.logger.warn(`outbox: could not delete published rows on stop (they will be published again): ${describeError(error)}`);
    });
  }

  /**
   * Publishes every row still in the outbox whatever its age, except those in flight from memory;
   * resolves with how many were published. For tools and tests: a started relay sweeps by itself.
   */
  async publishPending(): Promise<number> {
    let published = 0;
    for (;;) {
      const sweep = await this.sweep(0);
      published += sweep.published;
      if (sweep.claimed < this.batchSize) return published;
    }
  }

  private committed(messages: OutgoingMessage[]): void {
    if (!this.started) return;
    if (this.inFlight.size + this.queued.length + messages.length > this.maxInFlight) {
      // The broker is slow or away: memory stays bounded, the rows wait for the sweeper.
      return;
    }
    if (this.queued.length === 0) queueMicrotask(() => this.flushQueued());
    for (const message of messages) {
      this.queued.push(message);
      this.inFlight.add(message.metadata.messageId);
    }
  }

  private flushQueued(): void {
    if (this.queued.length === 0) return;
    const messages = this.queued;
    this.queued = [];
    const publishing = this.publishFromMemory(messages);
    this.publishing.add(publishing);
    void publishing.finally(() => this.publishing.delete(publishing));
  }

  /**
   * A message a full live queue refused was committed, so its customer was answered: it must go
   * out as soon as the queue has room, not after the sweeper's age and backoff (up to a minute). It
   * stays in memory and in flight and is published again every `retryDelayMs` until it is taken.
   */
  private async publishFromMemory(messages: OutgoingMessage[]): Promise<void> {
    const failures = await this.publish(messages);
    const refused: OutgoingMessage[] = [];
    for (const message of messages) {
      const id = message.metadata.messageId;
      const failure = failures.get(id);
      if (failure && this.started && refusedByFullQueue(failure.error)) {
        refused.push(message);
        continue;
      }
      this.inFlight.delete(id);
      if (!failure) this.confirmed.push(id);
    }
    if (refused.length > 0) {
      const timer = setTimeout(() => {
        this.refused.delete(timer);
        this.queued.push(...refused);
        this.flushQueued();
      }, this.retryDelayMs);
      this.refused.set(timer, refused);
    }
    const givenUp = failures.size - refused.length;
    if (givenUp > 0) {
      this.logger.warn(`outbox: ${givenUp} of ${messages.length} messages not published, the sweeper retries them`);
    }
  }

  /** One DELETE for everything confirmed since the last one; answers whether more is waiting. */
  private async deleteConfirmed(): Promise<boolean> {
    if (this.confirmed.length === 0) return false;
    const ids = this.confirmed.splice(0, this.batchSize * 10);
    try {
      await this.dataSource.query(DELETE_PUBLISHED, [ids]);
    } catch (error) {
      this.confirmed.unshift(...ids);
      throw error;
    }
    return this.confirmed.length > 0;
  }

  /** Claims leftovers older than `minAgeMs`, publishes them and deletes the confirmed ones, in one transaction. */
  private async sweep(minAgeMs: number): Promise<{ claimed: number; published: number }> {
    const [{ age }] = (await this.dataSource.query(OLDEST_AGE)) as { age: number | null }[];
    oldestAge.set(age ?? 0);
    const [leftover] = (await this.dataSource.query(LEFTOVER, [minAgeMs])) as unknown[];
    if (!leftover) return { claimed: 0, published: 0 };
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      const rows: OutboxRow[] = await runner.query(CLAIM, [minAgeMs, this.batchSize, [...this.inFlight]]);
      const published = rows.length > 0 ? await this.publishClaimed(runner, rows) : 0;
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
    // Committed while the claim ran and now publishing from memory: that path has them.
    const mine = rows.filter((row) => !this.inFlight.has(row.id));
    // Published from memory already, only the DELETE is missing: not again.
    const alreadyConfirmed = new Set(this.confirmed);
    const toPublish = mine.filter((row) => !alreadyConfirmed.has(row.id));
    const outcomes = await this.publish(toPublish.map(({ destination, metadata, payload }) => ({ destination, metadata, payload })));
    const gone = this.toGoneInstances(mine, outcomes);
    for (const row of gone) outcomes.delete(row.id);
    const failures = describedFailures(outcomes);
    // Losing this commit in a crash only means publishing again (consumers dedupe).
    await runner.query('SET LOCAL synchronous_commit = off');
    const done = mine.filter((row) => !failures.has(row.id)).map((row) => row.id);
    if (done.length > 0) await runner.query(DELETE_PUBLISHED, [done]);
    if (failures.size > 0) {
      this.logger.warn(`outbox sweep: ${failures.size} of ${toPublish.length} messages not published, will retry`);
      await runner.query(MARK_FAILED, [[...failures.keys()], [...failures.values()], this.retryDelayMs, this.maxRetryDelayMs]);
    }
    return toPublish.length - failures.size - gone.length;
  }

  /** The failed rows that are commands to an instance gone for good (see `goneInstanceAfterMs`), logged as dropped. */
  private toGoneInstances(rows: OutboxRow[], failures: Map<string, { error: unknown }>): OutboxRow[] {
    const before = Date.now() - this.goneInstanceAfterMs;
    const gone = rows.filter((row) => {
      const failure = failures.get(row.id);
      return failure !== undefined && unroutable(failure.error) && row.destination.kind === 'command' && row.destination.instanceId !== undefined && row.created_at.getTime() <= before;
    });
    for (const row of gone) {
      const { destination, metadata } = row;
      const target = destination.kind === 'command' ? `${destination.service}/${destination.instanceId}` : '';
      this.logger.warn(`outbox: dropped ${metadata.type} ${metadata.messageId} to ${target}: no queue for it since it was written, the instance is gone`);
    }
    return gone;
  }

  /** Publishes and returns the ids that were not confirmed, with why. */
  private async publish(messages: OutgoingMessage[]): Promise<Map<string, { error: unknown }>> {
    if (messages.length === 0) return new Map();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PublishTimeout(this.publishTimeoutMs)), this.publishTimeoutMs);
    });
    try {
      const report = await Promise.race([this.publisher.publishOutgoing(messages), timeout]);
      const failed = report?.failed ?? [];
      return new Map(failed.map(({ message, error }) => [message.metadata.messageId, { error }]));
    } catch (error) {
      return new Map(messages.map((message) => [message.metadata.messageId, { error }]));
    } finally {
      clearTimeout(timer);
    }
  }
}

function refusedByFullQueue(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === BusErrorCode.LiveLaneFull;
}

function unroutable(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === BusErrorCode.Unroutable;
}

function describedFailures(failures: Map<string, { error: unknown }>): Map<string, string> {
  return new Map([...failures].map(([id, { error }]) => [id, describeError(error)]));
}
