import * as amqplib from 'amqplib';
import { randomUUID } from 'node:crypto';
import { until } from './bench-support';

/**
 * The machine's bare limit: plain amqplib with the same bodies, properties and headers the bus
 * sends, persistent, publisher confirms with a window of 10,000, manual acks with prefetch 1,000,
 * publishing and consuming on separate connections (as the bus does).
 */
export class BareAmqp {
  private constructor(
    private readonly publishing: amqplib.ChannelModel,
    private readonly consuming: amqplib.ChannelModel,
  ) {}

  static async connect(url: string): Promise<BareAmqp> {
    return new BareAmqp(await amqplib.connect(url, { noDelay: true }), await amqplib.connect(url, { noDelay: true }));
  }

  async publish(exchange: string, routingKey: string, body: Buffer, count: number): Promise<void> {
    const channel = await this.publishing.createConfirmChannel();
    let sent = 0;
    let confirmed = 0;
    let draining = false;
    await new Promise<void>((done) => {
      const pump = () => {
        draining = false;
        while (sent < count && sent - confirmed < 10_000) {
          sent += 1;
          const ok = channel.publish(exchange, routingKey, body, properties(routingKey), () => {
            confirmed += 1;
            if (confirmed === count) done();
            else if (!draining && sent - confirmed < 5_000) pump();
          });
          if (!ok) {
            draining = true;
            channel.once('drain', pump);
            return;
          }
        }
      };
      pump();
    });
    await channel.close();
  }

  /** Consumes and acks `count` messages from the queue. */
  async consume(queue: string, count: number): Promise<void> {
    const channel = await this.consuming.createChannel();
    await channel.prefetch(1_000);
    let received = 0;
    const { consumerTag } = await channel.consume(queue, (message) => {
      if (!message) return;
      JSON.parse(message.content.toString('utf8'));
      channel.ack(message);
      received += 1;
    });
    await until(() => received >= count);
    await channel.cancel(consumerTag);
    await channel.close();
  }

  async close(): Promise<void> {
    await this.publishing.close();
    await this.consuming.close();
  }
}

function properties(type: string): amqplib.Options.Publish {
  const id = randomUUID();
  return {
    persistent: true,
    messageId: id,
    type,
    contentType: 'application/json',
    correlationId: id,
    appId: 'bare',
    timestamp: Math.floor(Date.now() / 1000),
    headers: {
      'x-correlation-id': id,
      'x-schema-version': 1,
      'x-attempt': 1,
      'x-occurred-at': new Date().toISOString(),
    },
  };
}
