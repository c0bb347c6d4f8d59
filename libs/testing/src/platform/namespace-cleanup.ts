import * as amqplib from 'amqplib';
import { deleteNamespaceKeys, dropNamespaceSchemas, TestNamespace } from '../test-namespace';
import { QueueLedger } from './queue-ledger';

async function deleteDeclared(url: string, queues: string[], exchanges: string[]): Promise<void> {
  if (queues.length === 0 && exchanges.length === 0) return;
  const connection = await amqplib.connect(url);
  try {
    const channel = await connection.createChannel();
    for (const queue of queues) await channel.deleteQueue(queue);
    for (const exchange of exchanges) await channel.deleteExchange(exchange);
    await channel.close();
  } finally {
    await connection.close();
  }
}

/** Removes everything a test platform made: its schemas, its Redis keys, and every queue and exchange it declared. */
export async function removeNamespace(test: TestNamespace, ledger: QueueLedger): Promise<void> {
  try {
    const [queues, exchanges] = await Promise.all([ledger.queues(), ledger.exchanges()]);
    await Promise.all([dropNamespaceSchemas(test), deleteNamespaceKeys(test), deleteDeclared(test.settings.RABBITMQ_URL, queues, exchanges)]);
  } finally {
    await ledger.close();
  }
}
