import { execFile } from 'node:child_process';
import type { Socket } from 'node:net';
import { promisify } from 'node:util';
import { Bus, serviceQueueName } from '@zagel/messaging';
import { createTestNamespace } from '@zagel/testing';
import { BusFixture, eventually, progressesTo, testEvent } from './bus-test-support';

const run = promisify(execFile);
const test = createTestNamespace();
const fixture = new BusFixture(test);

afterAll(() => fixture.cleanup());

/** Broker-side ids of the connections whose name contains `name`. */
async function connectionPids(name: string): Promise<string[]> {
  const { stdout } = await run('rabbitmqctl', ['list_connections', 'pid', 'client_properties', '-q']);
  return stdout
    .split('\n')
    .filter((line) => line.includes(name))
    .map((line) => line.split('\t')[0]);
}

/** Has the broker drop connections (as a broker restart would). */
async function closeConnections(pids: string[]): Promise<void> {
  await Promise.all(pids.map((pid) => run('rabbitmqctl', ['close_connection', pid, 'zagel messaging test'])));
}

async function hasRabbitmqctl(): Promise<boolean> {
  return run('rabbitmqctl', ['list_connections', 'pid', '-q']).then(
    () => true,
    () => false,
  );
}

describe('bus lifecycle', () => {
  it('stop() waits for handlers in flight, and their messages are acked', async () => {
    const Slow = testEvent('slow');
    const service = 'slowpoke';
    const bus = await fixture.connect(service);
    let finished = 0;
    let started = 0;
    let finishHandling = () => {};
    const handling = new Promise<void>((resolve) => (finishHandling = resolve));
    bus.onEvent(Slow, async () => {
      started += 1;
      await handling;
      finished += 1;
    });
    await bus.start();
    await bus.publish(Slow, { name: 'a', n: 1 });
    await eventually(() => (started === 1 ? true : undefined));
    const stopping = bus.stop();
    const stoppedEarly = await Promise.race([stopping.then(() => true), Promise.resolve().then(() => false)]);
    finishHandling();
    await stopping;
    expect(stoppedEarly).toBe(false);
    expect(finished).toBe(1);
    expect(bus.isConnected()).toBe(true);
    await bus.close();
    expect(bus.isConnected()).toBe(false);

    // Acked before the channel closed: nothing went back to the queue for another consumer.
    const inspector = await fixture.connect('slowpoke-inspector');
    expect(await inspector.inspectQueue(serviceQueueName(test.namespace, service, 'events'))).toEqual({ messages: 0, consumers: 0 });
  });

  it('recovers when the broker drops the connection: consumers resume and publishing goes on', async () => {
    if (!(await hasRabbitmqctl())) {
      process.stderr.write('skipped: rabbitmqctl is not available\n');
      return;
    }
    const Beat = testEvent('beat');
    const consumer = await fixture.connect('listener');
    const received = new Set<number>();
    consumer.onEvent(Beat, (payload) => {
      received.add(payload.n);
    });
    await consumer.start();
    let unconfirmedAtDrop: number | undefined;
    const logger = {
      log: () => undefined,
      error: () => undefined,
      warn: (message: string) => {
        if (message.includes('lost the RabbitMQ connection')) unconfirmedAtDrop ??= publisher.unconfirmed();
      },
    };
    const publisher: Bus = await fixture.connect('talker', { logger });
    await publisher.publish(Beat, { name: 'before', n: 0 });
    await eventually(() => (received.has(0) ? true : undefined));

    // Publishes started around the drop: each must end up confirmed, none lost.
    const pids = await connectionPids(`${test.name}.zagel.`);
    expect(pids.length).toBeGreaterThanOrEqual(2);
    const inFlight = Array.from({ length: 40_000 }, (_, index) => index + 1);
    const publishing = publisher.publishMany(
      Beat,
      inFlight.map((n) => ({ name: 'during', n })),
    );
    await closeConnections(pids);
    await publishing;
    expect(unconfirmedAtDrop).toBeGreaterThan(0);

    await eventually(() => (consumer.isConnected() && publisher.isConnected() ? true : undefined), 15_000);
    await publisher.publish(Beat, { name: 'after', n: 99_999 });
    // 40,000 redelivered and republished messages to drain: fails when draining stalls, not after a fixed time.
    await progressesTo(() => received.size, inFlight.length + 2);
    expect(inFlight.every((n) => received.has(n)) && received.has(99_999)).toBe(true);
  }, 600_000);

  it('loses nothing when the network fails under a publisher: unconfirmed messages are sent again', async () => {
    const Tick = testEvent('tick');
    const consumer = await fixture.connect('tick-listener', { prefetch: 1_000 });
    const received = new Set<number>();
    consumer.onEvent(Tick, (payload) => {
      received.add(payload.n);
    });
    await consumer.start();
    const publisher = await fixture.connect('tick-talker');
    const total = 40_000;
    const publishing = publisher.publishMany(
      Tick,
      Array.from({ length: total }, (_, n) => ({ name: 'tick', n })),
    );
    // A socket error, not a clean close: amqp-connection-manager's ChannelWrapper fails the in-flight
    // publishes in this case ('channel closed'); the bus must send them again instead.
    await eventually(() => (publisher.unconfirmed() > 0 ? true : undefined));
    const unconfirmedAtFailure = publisher.unconfirmed();
    const internals = publisher as unknown as { manager: { connection?: { connection: { stream: Socket } } } };
    internals.manager.connection?.connection.stream.destroy(new Error('network down'));
    await publishing;
    expect(unconfirmedAtFailure).toBeGreaterThan(0);
    await progressesTo(() => received.size, total);
  }, 600_000);
});
