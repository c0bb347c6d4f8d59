import * as amqplib from 'amqplib';
import { Namespace } from '@zagel/config';
import { LANES } from '@zagel/contracts';
import { DEFAULT_RETRY_DELAYS_MS } from './bus-options';
import { busExchanges, DEFAULT_EVENT_LANE, ServiceTopology, serviceTopology } from './topology';

type DeclaringChannel = Pick<amqplib.Channel, 'assertExchange' | 'assertQueue' | 'bindQueue'>;

export async function declareExchanges(channel: DeclaringChannel, topology: Pick<ServiceTopology, 'exchanges'>) {
  for (const exchange of topology.exchanges) {
    await channel.assertExchange(exchange.name, exchange.type, { durable: true });
  }
}

/** Declares exchanges, queues and bindings (idempotent; run again on every reconnect). */
export async function declareTopology(channel: DeclaringChannel, topology: ServiceTopology): Promise<void> {
  await declareExchanges(channel, topology);
  for (const queue of topology.queues) {
    await channel.assertQueue(queue.name, { durable: true, arguments: queue.arguments });
  }
  for (const binding of topology.bindings) {
    await channel.bindQueue(binding.queue, binding.exchange, binding.routingKey);
  }
}

export interface ServiceCleanup {
  service: string;
  /** Instances whose per-instance queues should go too. */
  instanceIds?: string[];
  /** Event lanes besides the default `events` one and the platform's lanes (`live`, `bulk`). */
  eventLanes?: string[];
  /** The delays the service ran with (its retry queues are named after them; default: the platform default). */
  retryDelaysMs?: readonly number[];
}

/** Every queue a service may have declared, whatever handlers it registered. */
export function serviceQueueNames(namespace: Namespace, service: string | ServiceCleanup): string[] {
  const cleanup = typeof service === 'string' ? { service } : service;
  const lanes = new Set([DEFAULT_EVENT_LANE, ...LANES, ...(cleanup.eventLanes ?? [])]);
  const names = new Set<string>();
  for (const instanceId of [undefined, ...(cleanup.instanceIds ?? [])]) {
    const topology = serviceTopology({
      namespace,
      service: cleanup.service,
      instanceId,
      retryDelaysMs: cleanup.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
      instanceQueueExpiresMs: 1,
      laneMaxLength: new Map(LANES.map((lane) => [lane, 1])),
      consume: {
        events: new Map([...lanes].map((lane) => [lane, []])),
        commands: true,
        commandLanes: LANES,
        instanceCommands: instanceId !== undefined,
        rpc: true,
        rpcLanes: LANES,
      },
    });
    for (const queue of topology.queues) names.add(queue.name);
  }
  return [...names];
}

/** Deletes every queue of a service (deleting a queue that does not exist is not an error). */
export async function deleteServiceTopology(
  channel: Pick<amqplib.Channel, 'deleteQueue'>,
  namespace: Namespace,
  service: string | ServiceCleanup,
): Promise<void> {
  for (const queue of serviceQueueNames(namespace, service)) await channel.deleteQueue(queue);
}

/** Test cleanup: deletes the queues of the given services and the namespace's exchanges. */
export async function deleteBusTopology(
  url: string,
  namespace: Namespace,
  services: readonly (string | ServiceCleanup)[],
): Promise<void> {
  const connection = await amqplib.connect(url);
  try {
    const channel = await connection.createChannel();
    for (const service of services) await deleteServiceTopology(channel, namespace, service);
    for (const exchange of Object.values(busExchanges(namespace))) await channel.deleteExchange(exchange);
    await channel.close();
  } finally {
    await connection.close();
  }
}
