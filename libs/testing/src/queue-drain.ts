import * as amqplib from 'amqplib';

export interface QueueDrainOptions {
  timeoutMs?: number;
  /** Consecutive empty readings required, so a message moving between queues is not missed. */
  settleReadings?: number;
}

/**
 * Waits until every named queue is empty (no ready messages) for a few consecutive readings.
 * Instead of sleeping, tests wait for the bus to have nothing left to deliver.
 */
export async function waitForQueuesToDrain(url: string, queues: string[], options: QueueDrainOptions = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  const settleReadings = options.settleReadings ?? 3;
  const connection = await amqplib.connect(url);
  try {
    let quiet = 0;
    while (quiet < settleReadings) {
      const channel = await connection.createChannel();
      const counts = await Promise.all(queues.map(async (queue) => (await channel.checkQueue(queue)).messageCount));
      await channel.close();
      quiet = counts.every((count) => count === 0) ? quiet + 1 : 0;
      if (quiet < settleReadings) {
        if (Date.now() > deadline) throw new Error(`queues not drained: ${queues.map((q, i) => `${q}=${counts[i]}`).join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }
  } finally {
    await connection.close();
  }
}
