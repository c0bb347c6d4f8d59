import * as amqplib from 'amqplib';
import { IsString } from 'class-validator';
import { loadConfig, PlatformConfig } from '@zagel/config';
import { defineRpc } from '@zagel/contracts';
import { busOptionsFromConfig } from '@zagel/messaging';
import { createTestNamespace } from '@zagel/testing';
import { BusFixture, eventually, testCommand, testEvent, uniqueType } from './bus-test-support';

class Echo {
  @IsString()
  text: string;
}
const EchoRpc = defineRpc(uniqueType('echo'), 1, Echo, Echo);

const test = createTestNamespace();
const fixture = new BusFixture(test);

afterAll(() => fixture.cleanup());

/** Declares `queue` again with other arguments on a throwaway channel: the broker's answer, 'ok' or its error. */
async function redeclare(connection: amqplib.ChannelModel, queue: string, args: Record<string, unknown>): Promise<string> {
  const channel = await connection.createChannel();
  channel.on('error', () => undefined);
  try {
    await channel.assertQueue(queue, { durable: true, arguments: args });
    await channel.close();
    return 'ok';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('RABBITMQ_QUORUM=true', () => {
  const quorum = { ...test.settings, RABBITMQ_QUORUM: true };

  it('is read from the environment (off unless set) and reaches the bus options', () => {
    const env = { RABBITMQ_URL: test.settings.RABBITMQ_URL, PORT: '0' };
    expect(loadConfig('t', PlatformConfig, env).RABBITMQ_QUORUM).toBe(false);
    expect(loadConfig('t', PlatformConfig, { ...env, RABBITMQ_QUORUM: 'true' }).RABBITMQ_QUORUM).toBe(true);
    expect(() => loadConfig('t', PlatformConfig, { ...env, RABBITMQ_QUORUM: 'yes' })).toThrow(/RABBITMQ_QUORUM/);
    expect(busOptionsFromConfig(quorum as PlatformConfig, 'x').quorumQueues).toBe(true);
    expect(busOptionsFromConfig(test.settings, 'x').quorumQueues).toBe(false);
  });

  it('declares every queue quorum (work, bounded live, retry, dead-letter, RPC, per-instance, delay) and the bus works on them', async () => {
    const Happened = testEvent('happened');
    const Urgent = testEvent('urgent');
    const Do = testCommand('do');
    const Push = testCommand('push');
    const service = 'quorum-service';
    const bus = await fixture.connect(service, { ...busOptionsFromConfig(quorum as PlatformConfig, service), retryDelaysMs: [300] });
    const got: string[] = [];
    let failOnce = true;
    bus.onEvent(Happened, (payload) => {
      if (payload.name === 'flaky' && failOnce) {
        failOnce = false;
        throw new Error('first try fails');
      }
      got.push(payload.name);
    });
    bus.onEvent(Urgent, (payload) => void got.push(payload.name), { lane: 'live' });
    bus.onCommand(Do, (payload) => void got.push(payload.name));
    bus.onCommand(Push, (payload) => void got.push(payload.name), { perInstance: true });
    bus.rpc.handle(EchoRpc, (request) => ({ text: request.text.toUpperCase() }));
    await bus.start();

    const queues = bus.topology().queues;
    expect(queues.length).toBeGreaterThanOrEqual(8);
    const connection = await amqplib.connect(test.settings.RABBITMQ_URL);
    try {
      for (const queue of queues) {
        expect(queue.arguments).toEqual(expect.objectContaining({ 'x-queue-type': 'quorum' }));
        expect(queue.arguments).not.toHaveProperty('x-queue-version');
        // The broker compares the type on every declare: a classic declaration of a quorum queue is refused.
        expect([queue.name, await redeclare(connection, queue.name, { ...queue.arguments, 'x-queue-type': 'classic' })]).toEqual([
          queue.name,
          expect.stringContaining('PRECONDITION_FAILED'),
        ]);
        expect([queue.name, await redeclare(connection, queue.name, queue.arguments)]).toEqual([queue.name, 'ok']);
      }
    } finally {
      await connection.close();
    }

    await bus.publish(Happened, { name: 'flaky', n: 1 });
    await bus.publish(Urgent, { name: 'urgent', n: 2 });
    await bus.send(Do, { service }, { name: 'command', n: 3 });
    await bus.sendDelayed(Do, { service }, { name: 'delayed', n: 4 }, 200);
    await bus.send(Push, { service, instanceId: bus.instanceId }, { name: 'pushed', n: 5 });
    expect(await bus.rpc.call(EchoRpc, service, { text: 'hi' })).toEqual({ text: 'HI' });
    // The flaky one comes back from its (quorum) retry queue through at-least-once dead-lettering.
    await eventually(() => (['flaky', 'urgent', 'command', 'delayed', 'pushed'].every((name) => got.includes(name)) ? true : undefined), 20_000);
    expect(failOnce).toBe(false);

    const delayQueue = test.namespace.bus(`${service}.delay.200`);
    const again = await amqplib.connect(test.settings.RABBITMQ_URL);
    try {
      expect(await redeclare(again, delayQueue, { 'x-queue-type': 'classic' })).toContain('PRECONDITION_FAILED');
      const channel = await again.createChannel();
      await channel.deleteQueue(delayQueue);
    } finally {
      await again.close();
    }
  });
});
