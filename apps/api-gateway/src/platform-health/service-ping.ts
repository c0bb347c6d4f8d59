import { Ping } from '@zagel/contracts';
import { BusClient } from '@zagel/messaging';
import { ReadinessCheck } from '@zagel/observability';

/**
 * A readiness check that proves a service answers on the bus: a `system.ping` RPC within the
 * deadline. Not critical: one service down must not take the gateway out of the load balancer.
 */
export function servicePingCheck(client: BusClient, timeoutMs: number): ReadinessCheck {
  return {
    name: client.service,
    critical: false,
    isUp: async () => {
      const reply = await client.call(Ping, { sentAt: new Date().toISOString() }, { timeoutMs });
      return reply.service === client.service;
    },
  };
}
