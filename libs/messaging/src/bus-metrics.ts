import { Counter, Histogram, register } from 'prom-client';

export type ConsumeOutcome = 'ack' | 'retry' | 'dead';
export type RpcOutcome = 'ok' | 'remote_error' | 'timeout' | 'unavailable' | 'invalid_reply';

function counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
  return (register.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter({ name, help, labelNames });
}

function histogram<L extends string>(name: string, help: string, labelNames: readonly L[]): Histogram<L> {
  return (
    (register.getSingleMetric(name) as Histogram<L> | undefined) ??
    new Histogram({ name, help, labelNames, buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] })
  );
}

/** Bus metrics on prom-client's default registry, shared by every Bus in the process. */
export const busMetrics = {
  published: counter('zagel_bus_published_total', 'Messages confirmed by the broker', ['service', 'type']),
  consumed: counter('zagel_bus_consumed_total', 'Deliveries received, by queue and how they were settled', [
    'service',
    'queue',
    'type',
    'outcome',
  ]),
  dropped: counter('zagel_bus_dropped_total', 'Deliveries a handler received and ignored, without effect', [
    'queue',
    'type',
  ]),
  handlerDuration: histogram('zagel_bus_handler_duration_seconds', 'Time spent in message and RPC handlers', [
    'service',
    'type',
  ]),
  rpcCalls: counter('zagel_bus_rpc_calls_total', 'RPC calls made, by result', ['service', 'type', 'outcome']),
};

/**
 * A handler calls this when it received a message only to ignore it (a status it does not act on,
 * an event for another origin): each one is a delivery the routing could have spared.
 */
export function countDroppedMessage(delivery: { queue: string; type: string }): void {
  busMetrics.dropped.inc({ queue: delivery.queue, type: delivery.type });
}

/** countDroppedMessage for the delivery a handler is in, labelled with the key it came under. */
export function countDroppedDelivery(context: { queue: string; routingKey: string }): void {
  countDroppedMessage({ queue: context.queue, type: context.routingKey });
}
