import { defineCommand, defineRpc, MESSAGE_ORIGINS, MESSAGE_STATUSES, MessageRequested, MessageRequestedPayload, MessageStatusBatch, MessageStatusChanged, MessageStatusPayload } from '@zagel/contracts';
import { Bus, LiveLaneFull, serviceQueueName } from '@zagel/messaging';
import { createTestNamespace, until } from '@zagel/testing';
import { v7 as uuidv7 } from 'uuid';
import { BusFixture, progressesTo, uniqueType } from './bus-test-support';
import { ThingPayload } from './fixtures/thing.payload';

const test = createTestNamespace();
const fixture = new BusFixture(test);

const gates: { open: () => void }[] = [];

// A test that failed may leave handlers waiting on its gates: open them, or closing the buses waits forever.
afterAll(async () => {
  for (const held of gates) held.open();
  await fixture.cleanup();
});

/** A promise the test resolves when it chooses: handlers wait on it instead of sleeping. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => undefined as void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  gates.push({ open });
  return { opened, open };
}

function statusEvent(status: MessageStatusPayload['status'], origin: MessageStatusPayload['origin']): MessageStatusPayload {
  return { messageId: uuidv7(), organizationId: uuidv7(), status, origin, at: new Date().toISOString() };
}

function request(lane: MessageRequestedPayload['lane'], n: number): MessageRequestedPayload {
  const to = `+2010${String(n).padStart(8, '0')}`;
  return { messageId: uuidv7(), organizationId: uuidv7(), to, body: 'Your code is 123456', messageType: 'otp', route: 'auto', lane, origin: 'otp' };
}

const keyOf = (status: string, origin: string) => `message.status.${status}.${origin}`;

describe('need-to-know routing', () => {
  it("gives each consumer's queue only the keys it binds, and never message.status.batch to a single-status binding", async () => {
    const heard = new Map<string, string[]>();
    const consumers: [string, Partial<{ lane: string; bindings: string[] }>][] = [
      ['otp-like', { lane: 'live', bindings: ['message.status.sent.otp', 'message.status.failed.otp'] }],
      ['router-like', { bindings: ['message.status.canceled.*'] }],
      ['recorder-like', {}],
    ];
    for (const [service, options] of consumers) {
      const bus = await fixture.connect(service);
      heard.set(service, []);
      bus.onEvent(MessageStatusChanged, (_, context) => void heard.get(service)!.push(context.routingKey), options);
      await bus.start();
    }
    const batchHeard: string[] = [];
    const batchBus = await fixture.connect('batch-recorder');
    batchBus.onEvent(MessageStatusBatch, (_, context) => void batchHeard.push(context.routingKey), { lane: 'bulk' });
    await batchBus.start();

    const publisher = await fixture.connect('status-publisher');
    const every = MESSAGE_STATUSES.flatMap((status) => MESSAGE_ORIGINS.map((origin) => statusEvent(status, origin)));
    await publisher.publishMany(MessageStatusChanged, every);
    await publisher.publish(MessageStatusBatch, { items: [statusEvent('delivered', 'api')] });

    await until(() => heard.get('recorder-like')!.length === every.length && batchHeard.length === 1, { what: 'every status to be recorded' });
    expect(batchHeard).toEqual(['message.status.batch']);
    expect(heard.get('recorder-like')!.sort()).toEqual(every.map((event) => keyOf(event.status, event.origin)).sort());
    expect(heard.get('otp-like')!.sort()).toEqual(['message.status.failed.otp', 'message.status.sent.otp']);
    expect(heard.get('router-like')!.sort()).toEqual(['message.status.canceled.api', 'message.status.canceled.otp', 'message.status.canceled.system']);
  }, 60_000);
});

describe('two lanes', () => {
  it('handles a live message while every bulk delivery is held and thousands of bulk messages wait', async () => {
    const bulkHeld = gate();
    let bulkStarted = 0;
    let bulkDone = 0;
    const live: string[] = [];
    const consumer = await fixture.connect('lane-router', { lanes: { live: { prefetch: 10 }, bulk: { prefetch: 4 } } });
    consumer.onEvent(MessageRequested, (payload) => void live.push(payload.messageId), { lane: 'live', bindings: ['message.requested.live.*'] });
    consumer.onEvent(
      MessageRequested,
      async () => {
        bulkStarted += 1;
        await bulkHeld.opened;
        bulkDone += 1;
      },
      { lane: 'bulk', bindings: ['message.requested.bulk.*'] },
    );
    await consumer.start();

    const publisher = await fixture.connect('lane-publisher');
    const backlog = 3_000;
    await publisher.publishMany(MessageRequested, Array.from({ length: backlog }, (_, n) => request('bulk', n)));
    await until(() => bulkStarted === 4, { what: 'the bulk consumer to hold its whole prefetch' });

    const urgent = request('live', backlog);
    await publisher.publish(MessageRequested, urgent);
    await until(() => live.includes(urgent.messageId), { what: 'the live message to be handled' });
    const waiting = await consumer.inspectQueue(serviceQueueName(test.namespace, 'lane-router', 'bulk'));
    expect({ bulkStarted, bulkDone, bulkWaiting: waiting?.messages }).toEqual({ bulkStarted: 4, bulkDone: 0, bulkWaiting: backlog - 4 });

    bulkHeld.open();
    await progressesTo(() => bulkDone, backlog);
    expect(live).toEqual([urgent.messageId]);
  }, 120_000);

  it('refuses a live publish at once when the live queue is full, and takes bulk ones still', async () => {
    const consumer = await fixture.connect('full-router', { lanes: { live: { maxLength: 5 } } });
    consumer.onEvent(MessageRequested, () => undefined, { lane: 'live', bindings: ['message.requested.live.*'] });
    consumer.onEvent(MessageRequested, () => undefined, { lane: 'bulk', bindings: ['message.requested.bulk.*'] });
    // Declared, not consumed: the live queue fills up.
    await consumer.declareTopology();
    const publisher = await fixture.connect('full-publisher');
    await publisher.publishMany(MessageRequested, Array.from({ length: 5 }, (_, n) => request('live', n)));

    const refused = await publisher.publish(MessageRequested, request('live', 5)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LiveLaneFull);
    expect(refused).toMatchObject({ code: 'live_lane_full', details: { retryAfterSeconds: 1 } });
    await expect(publisher.publish(MessageRequested, request('bulk', 6))).resolves.toBeDefined();
    expect(await consumer.inspectQueue(serviceQueueName(test.namespace, 'full-router', 'live'))).toMatchObject({ messages: 5 });
    // It binds every live request of this namespace: gone, it refuses no other test's.
    const raw = await fixture.rawChannel();
    await raw.channel.deleteQueue(serviceQueueName(test.namespace, 'full-router', 'live'));
    await raw.close();
  }, 60_000);

  it('brings a retry back past a full live queue instead of letting the broker drop it', async () => {
    const failOnce = request('live', 100);
    const failing = gate();
    const held = gate();
    const attempts: { attempt: number; liveReady?: number }[] = [];
    let holding = 0;
    const liveQueue = serviceQueueName(test.namespace, 'retry-router', 'live');
    const consumer = await fixture.connect('retry-router', { retryDelaysMs: [3_000], lanes: { live: { prefetch: 1, maxLength: 2 } } });
    consumer.onEvent(
      MessageRequested,
      async (payload, context) => {
        if (payload.messageId !== failOnce.messageId) {
          holding += 1;
          return held.opened;
        }
        if (context.attempt === 1) {
          attempts.push({ attempt: 1 });
          await failing.opened;
          throw new Error('a passing failure');
        }
        attempts.push({ attempt: context.attempt, liveReady: (await consumer.inspectQueue(liveQueue))?.messages });
      },
      { lane: 'live', bindings: ['message.requested.live.*'] },
    );
    await consumer.start();
    const publisher = await fixture.connect('retry-publisher');

    await publisher.publish(MessageRequested, failOnce);
    await until(() => attempts.length === 1, { what: 'the first attempt' });
    await publisher.publishMany(MessageRequested, [request('live', 101), request('live', 102)]);
    failing.open();
    await until(() => holding === 1, { what: 'the next message to be taken and held' });
    await publisher.publish(MessageRequested, request('live', 103));
    expect(await consumer.inspectQueue(liveQueue)).toMatchObject({ messages: 2 });
    await expect(publisher.publish(MessageRequested, request('live', 104))).rejects.toBeInstanceOf(LiveLaneFull);

    // The retry comes due while the live queue is still full.
    await until(() => attempts.length === 2, { what: 'the retry to be handled', deadline: 30_000 });
    expect(attempts).toEqual([{ attempt: 1 }, { attempt: 2, liveReady: 2 }]);
    held.open();
    await until(() => holding === 3, { what: 'the held messages to be handled' });
  }, 60_000);

  it("answers a live RPC while the bulk lane's RPC queue is backed up behind held calls", async () => {
    const BulkAsk = defineRpc(uniqueType('reserve-many'), 1, ThingPayload, ThingPayload, { lane: 'bulk' });
    const LiveAsk = defineRpc(uniqueType('reserve'), 1, ThingPayload, ThingPayload);
    const bulkHeld = gate();
    let bulkStarted = 0;
    const server: Bus = await fixture.connect('lane-billing', { lanes: { bulk: { prefetch: 2 } } });
    server.rpc.handle(BulkAsk, async (payload) => {
      bulkStarted += 1;
      await bulkHeld.opened;
      return payload;
    });
    server.rpc.handle(LiveAsk, (payload) => ({ ...payload, name: `live ${payload.name}` }));
    await server.start();

    const caller = await fixture.connect('lane-caller');
    const bulkCalls = Array.from({ length: 20 }, (_, n) => caller.rpc.call(BulkAsk, 'lane-billing', { name: 'batch', n }, { timeoutMs: 60_000 }));
    await until(() => bulkStarted === 2, { what: 'the bulk RPC consumer to hold its prefetch' });
    await expect(caller.rpc.call(LiveAsk, 'lane-billing', { name: 'otp', n: 1 })).resolves.toEqual({ name: 'live otp', n: 1 });
    expect(bulkStarted).toBe(2);

    bulkHeld.open();
    expect(await Promise.all(bulkCalls)).toHaveLength(20);
  }, 60_000);

  it("delivers a bulk lane's commands to the service's bulk command queue, sent at once or delayed", async () => {
    const SendBatch = defineCommand(uniqueType('send-batch'), 1, ThingPayload, { lane: 'bulk' });
    const received: string[] = [];
    const sender = await fixture.connect('lane-provider-sender');
    sender.onCommand(SendBatch, (payload) => void received.push(payload.name));
    await sender.start();
    expect(sender.topology().bindings).toContainEqual(
      expect.objectContaining({ queue: serviceQueueName(test.namespace, 'lane-provider-sender', 'commands.bulk'), routingKey: 'lane-provider-sender:bulk' }),
    );

    const dispatcher = await fixture.connect('lane-dispatcher');
    await dispatcher.send(SendBatch, { service: 'lane-provider-sender' }, { name: 'now', n: 1 });
    await dispatcher.sendDelayed(SendBatch, { service: 'lane-provider-sender' }, { name: 'later', n: 2 }, 100);
    await until(() => received.length === 2, { what: 'both batches to arrive' });
    expect(received).toEqual(['now', 'later']);
  }, 60_000);
});
