import { performance } from 'node:perf_hooks';
import { v7 as uuidv7 } from 'uuid';
import { MAX_BATCH_RECIPIENTS, MessageBatchRequested, SendBatchViaProvider } from '@zagel/contracts';
import { BusProbe, TestPlatform } from '@zagel/testing';
import { CostMeter, costRows, printCostTable } from '../common';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface BulkResult {
  batches: number;
  recipients: number;
  recipientsPerSec: number;
  providerCommands: number;
  costPerRecipient: unknown[][];
}

/**
 * The bulk lane: `batches` `message.batch.requested` of 500 recipients each (route `providers`),
 * published at once; measured until every recipient has reached the fake provider-sender in a
 * `provider.send.batch`. Prints the dispatcher's cost per recipient (CPU, Postgres round trips,
 * Redis commands, bus traffic).
 */
export async function measureBulkBatches(platform: TestPlatform, client: BusProbe, organizationId: string, batches: number): Promise<BulkResult> {
  let reached = 0;
  let commands = 0;
  let lastArrival = 0;
  await platform.probe({
    service: 'provider-sender',
    plays: (bus) =>
      bus.onCommand(SendBatchViaProvider, (command) => {
        reached += command.recipients.length;
        commands += 1;
        lastArrival = performance.now();
      }),
  });
  const meter = new CostMeter({
    processes: [{ name: 'pool-dispatcher', pid: platform.instance('pool-dispatcher').pid ?? -1, url: platform.url('pool-dispatcher') }],
    databaseUrl: platform.namespace.settings.DATABASE_URL,
  });
  const recipients = batches * MAX_BATCH_RECIPIENTS;
  const before = await meter.read();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: batches }, (_, batch) =>
      client.publish(MessageBatchRequested, {
        batchId: uuidv7(),
        organizationId,
        messageType: 'promotional',
        route: 'providers',
        recipients: Array.from({ length: MAX_BATCH_RECIPIENTS }, (__, index) => ({
          messageId: uuidv7(),
          to: `+2010${String(batch * MAX_BATCH_RECIPIENTS + index).padStart(8, '0')}`,
          body: 'Weekend sale: 20% off everything',
        })),
      }),
    ),
  );
  const deadline = Date.now() + 120_000;
  while (reached < recipients) {
    if (Date.now() > deadline) throw new Error(`only ${reached} of ${recipients} bulk recipients reached the providers`);
    await sleep(20);
  }
  const seconds = (lastArrival - start) / 1_000;
  const costs = await meter.between(before, await meter.settle());
  console.log(`\nbulk: ${batches} batches of ${MAX_BATCH_RECIPIENTS} (route providers) → ${commands} provider.send.batch, ${Math.round(recipients / seconds)} recipients/s`);
  console.log('the dispatcher, per recipient:');
  printCostTable(costs, recipients, 'recipient');
  return { batches, recipients, recipientsPerSec: Math.round(recipients / seconds), providerCommands: commands, costPerRecipient: costRows(costs, recipients) };
}
