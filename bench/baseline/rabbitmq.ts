import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { Channel, ConfirmChannel, connect } from 'amqplib';
import { LatencySummary, nowMs, perSecond, summarizeLatencies, timed } from '../common';

export interface RabbitOptions {
  url: string;
  messages: number;
  messageBytes: number;
  /** Publishes awaiting their confirm at once. */
  window: number;
  prefetch: number;
}

export interface RabbitResult {
  queue: string;
  publishConfirmedPerSec: number;
  drainPerSec: number;
  endToEndPerSec: number;
  endToEndLatencyMs: LatencySummary;
}

/** A message of the given size whose first 8 bytes carry the moment it was published. */
function stampedMessage(template: Buffer): Buffer {
  const content = Buffer.from(template);
  content.writeDoubleLE(nowMs(), 0);
  return content;
}

/** Publishes persistent messages, keeping at most `window` unconfirmed; resolves when all are confirmed. */
async function publishConfirmed(channel: ConfirmChannel, queue: string, options: RabbitOptions): Promise<void> {
  const template = randomBytes(options.messageBytes);
  let inFlight = 0;
  let failure: unknown;
  let freeSlot: (() => void) | undefined;
  const confirmed = (error: unknown) => {
    inFlight--;
    if (error) failure ??= error;
    const wake = freeSlot;
    freeSlot = undefined;
    wake?.();
  };
  const slotFreed = () => new Promise<void>((resolve) => (freeSlot = resolve));

  for (let sent = 0; sent < options.messages; sent++) {
    while (inFlight >= options.window) await slotFreed();
    if (failure) throw failure;
    inFlight++;
    const writable = channel.publish('', queue, stampedMessage(template), { persistent: true }, confirmed);
    if (!writable) await once(channel, 'drain');
  }
  while (inFlight > 0) await slotFreed();
  if (failure) throw failure;
}

/** Consumes `count` messages with a manual ack each, recording how long each spent on the way. */
async function consume(channel: Channel, queue: string, count: number): Promise<number[]> {
  const latencies: number[] = [];
  await new Promise<void>((resolve, reject) => {
    channel
      .consume(queue, (message) => {
        if (!message) return reject(new Error(`consumer of ${queue} was cancelled`));
        latencies.push(nowMs() - message.content.readDoubleLE(0));
        channel.ack(message);
        if (latencies.length === count) resolve();
      })
      .then(({ consumerTag }) => channel.once('close', () => reject(new Error(`channel closed under ${consumerTag}`))), reject);
  });
  return latencies;
}

/**
 * The broker's bare limit for what Zagel's bus does: persistent messages, publisher
 * confirms, durable queue, manual acks. Publisher and consumer use separate connections,
 * as two services would.
 */
export async function measureRabbitMq(options: RabbitOptions): Promise<RabbitResult> {
  const queue = `bench.${randomBytes(4).toString('hex')}`;
  const publisherConnection = await connect(options.url);
  const consumerConnection = await connect(options.url);
  try {
    const publisher = await publisherConnection.createConfirmChannel();
    await publisher.assertQueue(queue, { durable: true });

    const publishOnly = await timed(() => publishConfirmed(publisher, queue, options));

    const drainer = await consumerConnection.createChannel();
    await drainer.prefetch(options.prefetch);
    const drain = await timed(() => consume(drainer, queue, options.messages));
    await drainer.close();

    const consumer = await consumerConnection.createChannel();
    await consumer.prefetch(options.prefetch);
    const endToEnd = await timed(async () => {
      const consumed = consume(consumer, queue, options.messages);
      await publishConfirmed(publisher, queue, options);
      return consumed;
    });
    await consumer.close();

    return {
      queue,
      publishConfirmedPerSec: perSecond(options.messages, publishOnly.seconds),
      drainPerSec: perSecond(options.messages, drain.seconds),
      endToEndPerSec: perSecond(options.messages, endToEnd.seconds),
      endToEndLatencyMs: summarizeLatencies(endToEnd.result),
    };
  } finally {
    await cleanup(options.url, queue);
    await Promise.allSettled([publisherConnection.close(), consumerConnection.close()]);
  }
}

/** Deletes the bench queue even when a measurement failed half-way. */
async function cleanup(url: string, queue: string): Promise<void> {
  const connection = await connect(url);
  try {
    const channel = await connection.createChannel();
    await channel.deleteQueue(queue);
  } finally {
    await connection.close();
  }
}
