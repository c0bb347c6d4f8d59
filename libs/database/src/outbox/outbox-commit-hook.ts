import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';

const WRITTEN = 'zagelOutboxWritten';

/** Remembers that this transaction wrote outbox rows, so its commit wakes the process's relays. */
export function markOutboxWritten(manager: EntityManager): QueryRunner {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) {
    throw new Error('outbox rows must be written with the EntityManager of an open transaction');
  }
  runner.data[WRITTEN] = true;
  return runner;
}

const listeners = new WeakMap<DataSource, Set<() => void>>();

function install(dataSource: DataSource): Set<() => void> {
  const set = new Set<() => void>();
  const subscriber: EntitySubscriberInterface = {
    afterTransactionCommit({ queryRunner }) {
      // A released savepoint also reports a commit; only the outermost one makes rows visible.
      if (queryRunner.isTransactionActive || !queryRunner.data[WRITTEN]) return;
      delete queryRunner.data[WRITTEN];
      for (const listener of set) listener();
    },
    afterTransactionRollback({ queryRunner }) {
      if (!queryRunner.isTransactionActive) delete queryRunner.data[WRITTEN];
    },
  };
  // Subscribers are built during initialize(), so this must come after it.
  dataSource.subscribers.push(subscriber);
  listeners.set(dataSource, set);
  return set;
}

/**
 * Calls `listener` after the outermost commit of every transaction of `dataSource` that wrote
 * outbox rows (TypeORM tells the data source's subscribers). Returns the unsubscribe.
 */
export function onOutboxCommit(dataSource: DataSource, listener: () => void): () => void {
  if (!dataSource.isInitialized) throw new Error('onOutboxCommit needs an initialized data source');
  const set = listeners.get(dataSource) ?? install(dataSource);
  set.add(listener);
  return () => set.delete(listener);
}
