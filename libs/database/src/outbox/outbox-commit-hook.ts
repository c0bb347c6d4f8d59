import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import type { OutgoingMessage } from '@zagel/messaging';

const PENDING = 'zagelOutboxPending';

/** A message written in a transaction, with the savepoint depth it was written at. */
interface Pending {
  message: OutgoingMessage;
  depth: number;
}

type CommittedListener = (messages: OutgoingMessage[]) => void;

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

const listeners = new WeakMap<DataSource, Set<CommittedListener>>();

function install(dataSource: DataSource): Set<CommittedListener> {
  const set = new Set<CommittedListener>();
  const subscriber: EntitySubscriberInterface = {
    afterTransactionCommit({ queryRunner }) {
      const pending = pendingOf(queryRunner);
      if (pending.length === 0) return;
      const data = queryRunner.data as Record<string, unknown>;
      if (queryRunner.isTransactionActive) {
        // A released savepoint: its messages now belong to the enclosing level.
        const depth = depthOf(queryRunner);
        data[PENDING] = pending.map((entry) => (entry.depth > depth ? { ...entry, depth } : entry));
        return;
      }
      delete data[PENDING];
      // One relay per data source publishes them; with none started the sweeper finds the rows.
      const [first] = set;
      first?.(pending.map((entry) => entry.message));
    },
    afterTransactionRollback({ queryRunner }) {
      const data = queryRunner.data as Record<string, unknown>;
      if (!queryRunner.isTransactionActive) {
        delete data[PENDING];
        return;
      }
      // Rolled back to a savepoint: what was written after it is gone.
      const depth = depthOf(queryRunner);
      data[PENDING] = pendingOf(queryRunner).filter((entry) => entry.depth <= depth);
    },
  };
  // Subscribers are built during initialize(), so this must come after it.
  dataSource.subscribers.push(subscriber);
  listeners.set(dataSource, set);
  return set;
}

/**
 * Calls `listener` with the messages of every transaction of `dataSource` that wrote outbox rows,
 * right after its outermost commit (TypeORM tells the data source's subscribers). Only the first
 * listener registered on a data source is called. Returns the unsubscribe.
 */
export function onOutboxCommit(dataSource: DataSource, listener: CommittedListener): () => void {
  if (!dataSource.isInitialized) throw new Error('onOutboxCommit needs an initialized data source');
  const set = listeners.get(dataSource) ?? install(dataSource);
  set.add(listener);
  return () => set.delete(listener);
}
