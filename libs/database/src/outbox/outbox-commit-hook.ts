import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import type { OutgoingMessage } from '@zagel/messaging';

const PENDING = 'zagelOutboxPending';
const DELETING = 'zagelOutboxDeleting';

/** A message written in a transaction, with the savepoint depth it was written at. */
interface Pending {
  message: OutgoingMessage;
  depth: number;
}

/** Published rows a transaction deletes on the side, with the savepoint depth of the statement. */
interface Deleting {
  ids: string[];
  depth: number;
}

/** What the process's relay does for a data source's transactions. */
export interface OutboxCommitListener {
  /** The messages of a transaction, right after its outermost commit. */
  committed(messages: OutgoingMessage[]): void;
  /** Ids of rows already published whose DELETE can ride along with the next outbox INSERT. */
  takePublished(): string[];
  /** Ids taken by a transaction that rolled back: they are still to be deleted. */
  returnPublished(ids: string[]): void;
}

function openRunner(manager: EntityManager): QueryRunner {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) {
    throw new Error('outbox rows must be written with the EntityManager of an open transaction');
  }
  return runner;
}

function depthOf(runner: QueryRunner): number {
  return (runner as unknown as { transactionDepth: number }).transactionDepth;
}

function pendingOf(runner: QueryRunner): Pending[] {
  return ((runner.data as Record<string, unknown>)[PENDING] as Pending[] | undefined) ?? [];
}

function deletingOf(runner: QueryRunner): Deleting[] {
  return ((runner.data as Record<string, unknown>)[DELETING] as Deleting[] | undefined) ?? [];
}

const listeners = new WeakMap<DataSource, Set<OutboxCommitListener>>();

/** The one listener of a data source that gets its transactions' messages (the first registered). */
function listenerOf(dataSource: DataSource): OutboxCommitListener | undefined {
  const [first] = listeners.get(dataSource) ?? [];
  return first;
}

/**
 * Ids of published rows for this transaction's next outbox statement to delete on the side (no
 * round trip of their own); if the transaction (or the savepoint) rolls back they are handed back.
 */
export function takePublishedForDelete(manager: EntityManager): string[] {
  const runner = openRunner(manager);
  const ids = listenerOf(manager.connection)?.takePublished() ?? [];
  if (ids.length > 0) {
    (runner.data as Record<string, unknown>)[DELETING] = [...deletingOf(runner), { ids, depth: depthOf(runner) }];
  }
  return ids;
}

/**
 * Remembers the messages this transaction wrote to the outbox, so that its commit hands them to
 * the process's relay (published from memory, no read back); a rollback forgets them.
 */
export function rememberOutboxMessages(manager: EntityManager, messages: readonly OutgoingMessage[]): QueryRunner {
  const runner = openRunner(manager);
  const depth = depthOf(runner);
  const data = runner.data as Record<string, unknown>;
  data[PENDING] = [...pendingOf(runner), ...messages.map((message) => ({ message, depth }))];
  return runner;
}

/** Takes back messages of this transaction (their rows must be deleted in it too); returns them. */
export function forgetOutboxMessages(manager: EntityManager, which: (message: OutgoingMessage) => boolean): OutgoingMessage[] {
  const runner = openRunner(manager);
  const kept: Pending[] = [];
  const forgotten: OutgoingMessage[] = [];
  for (const entry of pendingOf(runner)) {
    if (which(entry.message)) forgotten.push(entry.message);
    else kept.push(entry);
  }
  (runner.data as Record<string, unknown>)[PENDING] = kept;
  return forgotten;
}

function install(dataSource: DataSource): Set<OutboxCommitListener> {
  const set = new Set<OutboxCommitListener>();
  const subscriber: EntitySubscriberInterface = {
    afterTransactionCommit({ queryRunner }) {
      const pending = pendingOf(queryRunner);
      const deleting = deletingOf(queryRunner);
      if (pending.length === 0 && deleting.length === 0) return;
      const data = queryRunner.data as Record<string, unknown>;
      if (queryRunner.isTransactionActive) {
        // A released savepoint: what it wrote now belongs to the enclosing level.
        const depth = depthOf(queryRunner);
        data[PENDING] = pending.map((entry) => (entry.depth > depth ? { ...entry, depth } : entry));
        data[DELETING] = deleting.map((entry) => (entry.depth > depth ? { ...entry, depth } : entry));
        return;
      }
      delete data[PENDING];
      delete data[DELETING];
      // One relay per data source publishes them; with none started the sweeper finds the rows.
      if (pending.length > 0) listenerOf(dataSource)?.committed(pending.map((entry) => entry.message));
    },
    afterTransactionRollback({ queryRunner }) {
      const data = queryRunner.data as Record<string, unknown>;
      // Rolled back (to a savepoint, or all of it): what was written after it is gone.
      const depth = queryRunner.isTransactionActive ? depthOf(queryRunner) : 0;
      const undone = deletingOf(queryRunner).filter((entry) => entry.depth > depth);
      data[PENDING] = pendingOf(queryRunner).filter((entry) => entry.depth <= depth);
      data[DELETING] = deletingOf(queryRunner).filter((entry) => entry.depth <= depth);
      if (undone.length > 0) listenerOf(dataSource)?.returnPublished(undone.flatMap((entry) => entry.ids));
    },
  };
  // Subscribers are built during initialize(), so this must come after it.
  dataSource.subscribers.push(subscriber);
  listeners.set(dataSource, set);
  return set;
}

/**
 * Hands `listener` the messages of every transaction of `dataSource` that wrote outbox rows, right
 * after its outermost commit (TypeORM tells the data source's subscribers), and lets transactions
 * delete its published rows on the side. Only the first listener registered on a data source is
 * used. Returns the unsubscribe.
 */
export function onOutboxCommit(dataSource: DataSource, listener: OutboxCommitListener): () => void {
  if (!dataSource.isInitialized) throw new Error('onOutboxCommit needs an initialized data source');
  const set = listeners.get(dataSource) ?? install(dataSource);
  set.add(listener);
  return () => set.delete(listener);
}

/**
 * For one statement that commits by itself (no transaction: autocommit) and writes outbox rows: `run`
 * gets the ids of published rows it may delete on the side; once it succeeded (committed) its messages
 * go to the relay like a transaction's after its commit. If it fails the ids are handed back and
 * nothing is published; were it committed anyway (a connection lost on the way back) the sweeper
 * publishes its rows.
 */
export async function commitOutboxStatement<T>(
  dataSource: DataSource,
  messages: readonly OutgoingMessage[],
  run: (published: string[]) => Promise<T>,
): Promise<T> {
  const listener = listenerOf(dataSource);
  const published = listener?.takePublished() ?? [];
  let result: T;
  try {
    result = await run(published);
  } catch (error) {
    if (published.length > 0) listener?.returnPublished(published);
    throw error;
  }
  if (messages.length > 0) listenerOf(dataSource)?.committed([...messages]);
  return result;
}
