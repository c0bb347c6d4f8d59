import { Namespace } from '@zagel/config';
import { serviceQueueNames } from './declare-topology';
import { delayQueueSpec } from './delay-queues';
import { serviceTopology, ServiceTopologyInput } from './topology';

const base: ServiceTopologyInput = {
  namespace: new Namespace('t1'),
  service: 'billing',
  instanceId: 'pod-a',
  retryDelaysMs: [1_000, 5_000],
  instanceQueueExpiresMs: 60_000,
  consume: {},
};

describe('serviceTopology', () => {
  it('names everything under the namespace and binds the events queue to the subscribed types', () => {
    const topology = serviceTopology({ ...base, consume: { events: new Map([['events', ['message.requested']]]) } });
    expect(topology.exchanges).toEqual([
      { name: 't1.zagel.events', type: 'topic' },
      { name: 't1.zagel.commands', type: 'direct' },
      { name: 't1.zagel.dead', type: 'direct' },
    ]);
    expect(topology.queues).toEqual([
      { name: 't1.zagel.billing.events.dead', arguments: { 'x-queue-version': 2 } },
      {
        name: 't1.zagel.billing.events',
        arguments: {
          'x-queue-version': 2,
          'x-dead-letter-exchange': 't1.zagel.dead',
          'x-dead-letter-routing-key': 't1.zagel.billing.events',
        },
      },
      {
        name: 't1.zagel.billing.events.retry.1000',
        arguments: {
          'x-queue-version': 2,
          'x-message-ttl': 1_000,
          'x-dead-letter-exchange': '',
          'x-dead-letter-routing-key': 't1.zagel.billing.events',
        },
      },
      {
        name: 't1.zagel.billing.events.retry.5000',
        arguments: {
          'x-queue-version': 2,
          'x-message-ttl': 5_000,
          'x-dead-letter-exchange': '',
          'x-dead-letter-routing-key': 't1.zagel.billing.events',
        },
      },
    ]);
    expect(topology.bindings).toEqual([
      { queue: 't1.zagel.billing.events.dead', exchange: 't1.zagel.dead', routingKey: 't1.zagel.billing.events' },
      { queue: 't1.zagel.billing.events', exchange: 't1.zagel.events', routingKey: 'message.requested' },
    ]);
    expect(topology.consumed).toEqual([
      {
        name: 't1.zagel.billing.events',
        role: 'events',
        lane: 'events',
        deadLetterKey: 't1.zagel.billing.events',
        retries: [
          { delayMs: 1_000, queue: 't1.zagel.billing.events.retry.1000' },
          { delayMs: 5_000, queue: 't1.zagel.billing.events.retry.5000' },
        ],
      },
    ]);
  });

  it('uses zagel.* without a namespace', () => {
    const topology = serviceTopology({ ...base, namespace: new Namespace(), consume: { commands: true } });
    expect(topology.consumed.map((queue) => queue.name)).toEqual(['zagel.billing.commands']);
    expect(topology.bindings).toContainEqual({
      queue: 'zagel.billing.commands',
      exchange: 'zagel.commands',
      routingKey: 'billing',
    });
  });

  it('gives the per-instance queue an expiry and parks its dead letters in the service commands DLQ', () => {
    const topology = serviceTopology({ ...base, service: 'device-gateway', consume: { instanceCommands: true } });
    const instanceQueue = topology.queues.find((queue) => queue.name === 't1.zagel.device-gateway.pod-a');
    expect(instanceQueue?.arguments).toEqual({
      'x-queue-version': 2,
      'x-dead-letter-exchange': 't1.zagel.dead',
      'x-dead-letter-routing-key': 't1.zagel.device-gateway.commands',
      'x-expires': 60_000,
    });
    expect(topology.queues.map((queue) => queue.name)).toContain('t1.zagel.device-gateway.commands.dead');
    expect(topology.bindings).toContainEqual({
      queue: 't1.zagel.device-gateway.pod-a',
      exchange: 't1.zagel.commands',
      routingKey: 'device-gateway.pod-a',
    });
  });

  it('adds x-expires to every queue when queueExpiresMs is set, and gives the rpc queue no dead-lettering', () => {
    const topology = serviceTopology({
      ...base,
      queueExpiresMs: 600_000,
      consume: { events: new Map([['otp', ['otp.requested']]]), commands: true, instanceCommands: true, rpc: true },
    });
    for (const queue of topology.queues) expect(queue.arguments['x-expires']).toBeDefined();
    expect(topology.queues.find((queue) => queue.name === 't1.zagel.billing.pod-a')?.arguments['x-expires']).toBe(
      60_000,
    );
    expect(topology.queues.find((queue) => queue.name === 't1.zagel.billing.rpc')?.arguments).toEqual({
      'x-expires': 600_000,
    });
    expect(topology.consumed.map((queue) => [queue.name, queue.role])).toEqual([
      ['t1.zagel.billing.otp', 'events'],
      ['t1.zagel.billing.commands', 'commands'],
      ['t1.zagel.billing.pod-a', 'instance'],
      ['t1.zagel.billing.rpc', 'rpc'],
    ]);
  });

  it('lists every queue a service may have for cleanup', () => {
    const names = serviceQueueNames(new Namespace('t1'), { service: 'otp', retryDelaysMs: [100], instanceIds: ['i1'] });
    expect(names.sort()).toEqual(
      [
        't1.zagel.otp.events',
        't1.zagel.otp.events.dead',
        't1.zagel.otp.events.retry.100',
        't1.zagel.otp.commands',
        't1.zagel.otp.commands.dead',
        't1.zagel.otp.commands.retry.100',
        't1.zagel.otp.i1',
        't1.zagel.otp.i1.retry.100',
        't1.zagel.otp.rpc',
        ...['live', 'bulk'].flatMap((lane) => [
          ...[`t1.zagel.otp.${lane}`, `t1.zagel.otp.commands.${lane}`].flatMap((queue) => [queue, `${queue}.dead`, `${queue}.retry.100`]),
          `t1.zagel.otp.${lane}.retried`,
          `t1.zagel.otp.rpc.${lane}`,
        ]),
      ].sort(),
    );
  });

  it('bounds the event queues of a bounded lane so a full one refuses publishes, and no other queue', () => {
    const topology = serviceTopology({
      ...base,
      laneMaxLength: new Map([['live', 500]]),
      consume: { events: new Map([['live', ['message.requested.live.*']], ['bulk', ['message.requested.bulk.*']]]) },
    });
    const argumentsOf = (name: string) => topology.queues.find((queue) => queue.name === name)?.arguments;
    expect(argumentsOf('t1.zagel.billing.live')).toMatchObject({ 'x-max-length': 500, 'x-overflow': 'reject-publish' });
    for (const name of ['t1.zagel.billing.bulk', 't1.zagel.billing.live.retry.1000', 't1.zagel.billing.live.dead', 't1.zagel.billing.live.retried']) {
      expect(argumentsOf(name)).not.toHaveProperty('x-max-length');
    }
    // Retries come back past the bound (the broker would drop a dead letter a full queue refuses), to a queue consumed the same way.
    expect(argumentsOf('t1.zagel.billing.live.retry.1000')).toMatchObject({ 'x-dead-letter-routing-key': 't1.zagel.billing.live.retried' });
    expect(argumentsOf('t1.zagel.billing.bulk.retry.1000')).toMatchObject({ 'x-dead-letter-routing-key': 't1.zagel.billing.bulk' });
    const retried = topology.consumed.find((queue) => queue.name === 't1.zagel.billing.live.retried');
    expect(retried).toEqual({ ...topology.consumed.find((queue) => queue.name === 't1.zagel.billing.live'), name: 't1.zagel.billing.live.retried' });
    expect(topology.bindings.filter((binding) => binding.exchange === 't1.zagel.events')).toEqual([
      { queue: 't1.zagel.billing.live', exchange: 't1.zagel.events', routingKey: 'message.requested.live.*' },
      { queue: 't1.zagel.billing.bulk', exchange: 't1.zagel.events', routingKey: 'message.requested.bulk.*' },
    ]);
  });

  it('gives command and RPC lanes queues of their own, the commands bound to <service>:<lane>', () => {
    const topology = serviceTopology({ ...base, consume: { commands: true, commandLanes: ['bulk'], rpc: true, rpcLanes: ['bulk'] } });
    expect(topology.consumed.map((queue) => [queue.name, queue.role, queue.lane])).toEqual([
      ['t1.zagel.billing.commands', 'commands', undefined],
      ['t1.zagel.billing.commands.bulk', 'commands', 'bulk'],
      ['t1.zagel.billing.rpc', 'rpc', undefined],
      ['t1.zagel.billing.rpc.bulk', 'rpc', 'bulk'],
    ]);
    expect(topology.bindings).toContainEqual({ queue: 't1.zagel.billing.commands.bulk', exchange: 't1.zagel.commands', routingKey: 'billing:bulk' });
  });

  it('declares every queue quorum when asked, without classic-only arguments, dead-lettering at least once', () => {
    const consume = { events: new Map([['live', ['a.b']]]), commands: true, instanceCommands: true, rpc: true };
    const classic = serviceTopology({ ...base, laneMaxLength: new Map([['live', 10]]), consume });
    const quorum = serviceTopology({ ...base, laneMaxLength: new Map([['live', 10]]), consume, quorum: true });
    expect(quorum.queues.map((queue) => queue.name)).toEqual(classic.queues.map((queue) => queue.name));
    expect(classic.queues.every((queue) => queue.arguments['x-queue-type'] === undefined)).toBe(true);
    for (const queue of quorum.queues) {
      expect(queue.arguments['x-queue-type']).toBe('quorum');
      expect(queue.arguments).not.toHaveProperty('x-queue-version');
      const deadLettered = queue.arguments['x-dead-letter-exchange'] !== undefined;
      expect([queue.name, queue.arguments['x-dead-letter-strategy']]).toEqual([queue.name, deadLettered ? 'at-least-once' : undefined]);
      if (deadLettered) expect(queue.arguments['x-overflow']).toBe('reject-publish');
    }
    const live = quorum.queues.find((queue) => queue.name === 't1.zagel.billing.live');
    expect(live?.arguments).toMatchObject({ 'x-max-length': 10, 'x-overflow': 'reject-publish' });
    const retry = quorum.queues.find((queue) => queue.name === 't1.zagel.billing.commands.retry.1000');
    expect(retry?.arguments).toMatchObject({ 'x-message-ttl': 1_000, 'x-dead-letter-routing-key': 't1.zagel.billing.commands' });
    expect(delayQueueSpec(new Namespace('t1'), { service: 'billing' }, 500, undefined, true).arguments).toMatchObject({
      'x-queue-type': 'quorum',
      'x-message-ttl': 500,
      'x-dead-letter-strategy': 'at-least-once',
    });
  });
});
