import { EventEmitter } from 'node:events';
import type { AmqpConnectionManager } from 'amqp-connection-manager';
import { silentBusLogger } from './bus-logger';
import { ConfirmPublisher, WireMessage } from './confirm-publisher';
import { PublishFailed, UnroutableMessage } from './errors';

type Confirm = (error: Error | null) => void;

/** Just enough of an amqplib ConfirmChannel: records publishes, fails unconfirmed ones on close like amqplib. */
class FakeChannel extends EventEmitter {
  readonly published: { message: WireMessage; confirm: Confirm }[] = [];
  unconfirmed: Confirm[] = [];
  closed = false;

  constructor() {
    super();
    this.on('close', () => {
      for (const confirm of this.unconfirmed.splice(0)) confirm(new Error('channel closed'));
    });
  }

  publish(exchange: string, routingKey: string, content: Buffer, options: WireMessage['options'], confirm: Confirm) {
    if (this.closed) throw new Error('Channel closed');
    this.published.push({ message: { exchange, routingKey, content, options }, confirm });
    this.unconfirmed.push(confirm);
    return true;
  }

  ack(count = this.unconfirmed.length): void {
    for (const confirm of this.unconfirmed.splice(0, count)) confirm(null);
  }

  nack(): void {
    this.unconfirmed.shift()?.(new Error('message nacked'));
  }

  async close(): Promise<void> {
    this.die();
  }

  die(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close');
  }
}

class FakeManager extends EventEmitter {
  readonly channels: FakeChannel[] = [];
  connection?: { createConfirmChannel: () => Promise<FakeChannel> };

  connect(): void {
    this.connection = {
      createConfirmChannel: async () => {
        const channel = new FakeChannel();
        this.channels.push(channel);
        return channel;
      },
    };
    this.emit('connect', { connection: this.connection });
  }

  disconnect(): void {
    this.connection = undefined;
    for (const channel of this.channels) channel.die();
  }

  get current(): FakeChannel {
    return this.channels[this.channels.length - 1];
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function message(id: string, mandatory = false): WireMessage {
  return { exchange: 'x', routingKey: 'k', content: Buffer.from(id), options: { messageId: id, type: 't', mandatory } };
}

function publisherOn(manager: FakeManager, maxInFlight = 100): ConfirmPublisher {
  return new ConfirmPublisher(manager as unknown as AmqpConnectionManager, {
    name: 'test',
    maxInFlight,
    logger: silentBusLogger,
    setup: async () => undefined,
  });
}

describe('ConfirmPublisher', () => {
  let manager: FakeManager;

  beforeEach(() => {
    manager = new FakeManager();
    manager.connect();
  });

  it('resolves each message once the broker confirms it', async () => {
    const publisher = publisherOn(manager);
    await publisher.ready(100);
    const outcomes = publisher.publish([message('a'), message('b')]);
    await flush();
    expect(manager.current.published.map((entry) => entry.message.options.messageId)).toEqual(['a', 'b']);
    manager.current.ack();
    expect(await outcomes).toEqual([undefined, undefined]);
    expect(publisher.pending()).toBe(0);
  });

  it('sends again, in order, what was unconfirmed when the connection dropped', async () => {
    const publisher = publisherOn(manager);
    await publisher.ready(100);
    const outcomes = publisher.publish([message('a'), message('b'), message('c')]);
    await flush();
    manager.current.ack(1);
    manager.disconnect();
    await flush();
    expect(publisher.pending()).toBe(2);

    manager.connect();
    await publisher.ready(100);
    await flush();
    expect(manager.current.published.map((entry) => entry.message.options.messageId)).toEqual(['b', 'c']);
    manager.current.ack();
    expect(await outcomes).toEqual([undefined, undefined, undefined]);
  });

  it('holds messages accepted while disconnected until the next connection', async () => {
    manager.disconnect();
    const publisher = publisherOn(manager);
    const outcomes = publisher.publish([message('early')]);
    await flush();
    expect(publisher.pending()).toBe(1);
    manager.connect();
    await publisher.ready(100);
    await flush();
    manager.current.ack();
    expect(await outcomes).toEqual([undefined]);
  });

  it('keeps at most maxInFlight unconfirmed', async () => {
    const publisher = publisherOn(manager, 2);
    await publisher.ready(100);
    const outcomes = publisher.publish(['a', 'b', 'c', 'd', 'e'].map((id) => message(id)));
    await flush();
    expect(manager.current.published).toHaveLength(2);
    manager.current.ack();
    await flush();
    expect(manager.current.published).toHaveLength(4);
    manager.current.ack();
    await flush();
    manager.current.ack();
    expect((await outcomes).every((outcome) => outcome === undefined)).toBe(true);
  });

  it('fails a message the broker nacks, and a mandatory message it returns', async () => {
    const publisher = publisherOn(manager);
    await publisher.ready(100);
    const outcomes = publisher.publish([message('refused'), message('unroutable', true), message('fine')]);
    await flush();
    manager.current.nack();
    manager.current.emit('return', { properties: { messageId: 'unroutable' } });
    manager.current.ack();
    const [refused, unroutable, fine] = await outcomes;
    expect(refused).toBeInstanceOf(PublishFailed);
    expect(unroutable).toBeInstanceOf(UnroutableMessage);
    expect(fine).toBeUndefined();
  });

  it('on close, waits for confirms up to the grace period, then fails what is left', async () => {
    manager.disconnect();
    const publisher = publisherOn(manager);
    const outcomes = publisher.publish([message('never')]);
    await publisher.close(20);
    expect(await outcomes).toEqual([expect.any(PublishFailed)]);
    expect(await publisher.publish([message('late')])).toEqual([expect.any(PublishFailed)]);
  });
});
