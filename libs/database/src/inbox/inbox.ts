import { DataSource, EntityManager } from 'typeorm';

const CLAIM = `
  INSERT INTO inbox (consumer, message_id) VALUES ($1, $2)
  ON CONFLICT DO NOTHING
  RETURNING 1 AS claimed`;

/**
 * Records that `consumer` handles `messageId`, inside the handler's transaction: true the first
 * time, false if it was already handled. A concurrent claim of the same id waits for the first
 * transaction and gets false if it commits, true if it rolls back.
 */
async function claim(manager: EntityManager, consumer: string, messageId: string): Promise<boolean> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) {
    throw new Error('Inbox.claim must be called with the EntityManager of an open transaction');
  }
  const rows: unknown[] = await runner.query(CLAIM, [consumer, messageId]);
  return rows.length === 1;
}

export type InboxOutcome<T> = { claimed: true; result: T } | { claimed: false };

/** Opens a transaction, claims the message and runs `work` only if this is its first handling. */
async function runOnce<T>(
  dataSource: DataSource,
  consumer: string,
  messageId: string,
  work: (manager: EntityManager) => Promise<T>,
): Promise<InboxOutcome<T>> {
  return dataSource.transaction(async (manager): Promise<InboxOutcome<T>> => {
    if (!(await claim(manager, consumer, messageId))) return { claimed: false };
    return { claimed: true, result: await work(manager) };
  });
}

/** Consumer-side deduplication: a redelivered message changes nothing twice. */
export const Inbox = { claim, runOnce };
