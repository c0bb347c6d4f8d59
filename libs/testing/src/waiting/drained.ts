import * as amqplib from 'amqplib';
import { Client } from 'pg';

/** Where a namespace's pending work can be seen. */
export interface DrainTargets {
  rabbitmqUrl: string;
  databaseUrl: string;
  /** The namespace's schema prefix: its services' schemas are `<prefix>_<service>`. */
  schemaPrefix: string;
  /** Every queue of the namespace. */
  queues(): Promise<string[]>;
}

export interface DrainOptions {
  /** Default 20 s. */
  deadline?: number;
  /** Consecutive quiet readings required. Default 4. */
  readings?: number;
  /** Pause between readings, in ms. Default 50. */
  interval?: number;
}

interface Reading {
  /** What still has work, e.g. `t1.zagel.billing.events: 2 ready`; empty when quiet. */
  busy: string[];
  /** Handled-message counts per inbox: a change between readings is a handler that just finished. */
  handled: string;
}

/** A channel whose closing by the broker (a queue that is gone) is answered where it is used, not thrown as an unhandled 'error' event. */
async function quietChannel(connection: amqplib.ChannelModel): Promise<amqplib.Channel> {
  const channel = await connection.createChannel();
  channel.on('error', () => undefined);
  return channel;
}

async function readQueues(connection: amqplib.ChannelModel, queues: string[]): Promise<string[]> {
  const busy: string[] = [];
  let channel = await quietChannel(connection);
  for (const queue of queues) {
    try {
      const { messageCount } = await channel.checkQueue(queue);
      if (messageCount > 0) busy.push(`${queue}: ${messageCount} ready`);
    } catch {
      // Gone (an instance queue, or its retry queue, that expired; a service that never declared it): nothing waits there.
      channel = await quietChannel(connection);
    }
  }
  await channel.close().catch(() => undefined);
  return busy;
}

async function readDatabase(client: Client, prefix: string): Promise<Omit<Reading, 'busy'> & { busy: string[] }> {
  const pattern = `${prefix.replace(/_/g, '\\_')}\\_%`;
  const tables = await client.query<{ schema: string; table: string }>(
    `SELECT table_schema AS schema, table_name AS table FROM information_schema.tables
     WHERE table_schema LIKE $1 AND table_name IN ('outbox', 'inbox') ORDER BY 1, 2`,
    [pattern],
  );
  const busy: string[] = [];
  const handled: string[] = [];
  for (const { schema, table } of tables.rows) {
    if (table === 'outbox') {
      const { rows } = await client.query<{ pending: number }>(`SELECT count(*)::int AS pending FROM "${schema}".outbox WHERE published_at IS NULL`);
      if (rows[0].pending > 0) busy.push(`${schema}.outbox: ${rows[0].pending} unpublished`);
    } else {
      const { rows } = await client.query<{ handled: number }>(`SELECT count(*)::int AS handled FROM "${schema}".inbox`);
      handled.push(`${schema}=${rows[0].handled}`);
    }
  }
  // An open transaction that wrote to an inbox or an outbox is a handler (or relay) still at work.
  const writers = await client.query<{ relation: string }>(
    `SELECT DISTINCT n.nspname || '.' || c.relname AS relation FROM pg_locks l
     JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname LIKE $1 AND c.relname IN ('outbox', 'inbox') AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()`,
    [pattern],
  );
  for (const { relation } of writers.rows) busy.push(`${relation}: a transaction is writing`);
  return { busy, handled: handled.join(',') };
}

/**
 * Waits until the namespace has nothing left to do: every queue empty (dead-letter queues aside:
 * nothing leaves them), every outbox row published, and every inbox settled (no transaction
 * handling a message, and the count of handled messages still), over `readings` readings in a row,
 * so a message passing from one queue to the next is not missed. Fails at the deadline with what
 * was still busy.
 */
export async function drained(targets: DrainTargets, options: DrainOptions = {}): Promise<void> {
  const deadline = options.deadline ?? 20_000;
  const readings = options.readings ?? 4;
  const interval = options.interval ?? 50;
  const giveUpAt = Date.now() + deadline;
  const connection = await amqplib.connect(targets.rabbitmqUrl);
  const client = new Client({ connectionString: targets.databaseUrl });
  await client.connect();
  try {
    let quiet = 0;
    let previous: Reading | undefined;
    for (;;) {
      const queues = (await targets.queues()).filter((queue) => !queue.endsWith('.dead'));
      const database = await readDatabase(client, targets.schemaPrefix);
      const reading: Reading = { busy: [...(await readQueues(connection, queues)), ...database.busy], handled: database.handled };
      const settled = previous === undefined || previous.handled === reading.handled;
      quiet = reading.busy.length === 0 && settled ? quiet + 1 : 0;
      if (quiet >= readings) return;
      if (Date.now() >= giveUpAt) {
        const why = reading.busy.length > 0 ? reading.busy.join('; ') : 'inboxes still counting handled messages';
        throw new Error(`not drained after ${(deadline / 1_000).toFixed(1)} s: ${why}`);
      }
      previous = reading;
      await new Promise((resolve) => setTimeout(resolve, interval));
    }
  } finally {
    await client.end().catch(() => undefined);
    await connection.close().catch(() => undefined);
  }
}
