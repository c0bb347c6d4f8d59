import { Namespace } from '@zagel/config';
import { BusQueueKind, LANES, OTP_EVENT_LANE } from '@zagel/contracts';
import { DEFAULT_EVENT_LANE, serviceTopology } from './topology';

export interface PlatformQueue {
  name: string;
  service: string;
  kind: BusQueueKind;
}

/**
 * The shared queues each service may declare (every lane's event, command and RPC queues, the
 * retried queues of bounded lanes, and their dead-letter queues), named by the same topology the
 * services declare with. Per-instance queues (named after an instance) and retry queues (parked
 * messages waiting out a delay) are left out.
 */
export function platformQueues(namespace: Namespace, services: readonly string[]): PlatformQueue[] {
  return services.flatMap((service) => {
    const topology = serviceTopology({
      namespace,
      service,
      retryDelaysMs: [],
      instanceQueueExpiresMs: 1,
      laneMaxLength: new Map(LANES.map((lane) => [lane, 1])),
      consume: {
        events: new Map([DEFAULT_EVENT_LANE, ...LANES, OTP_EVENT_LANE].map((lane) => [lane, []])),
        commands: true,
        commandLanes: LANES,
        rpc: true,
        rpcLanes: LANES,
      },
    });
    const consumed = new Map(topology.consumed.map((queue) => [queue.name, queue.role]));
    return topology.queues.map((queue): PlatformQueue => {
      const role = consumed.get(queue.name);
      return { name: queue.name, service, kind: role === undefined ? 'dead' : role === 'rpc' ? 'rpc' : 'work' };
    });
  });
}
