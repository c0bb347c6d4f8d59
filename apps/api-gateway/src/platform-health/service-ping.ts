import { Ping } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { ReadinessCheck } from '@zagel/observability';

/**
 * A readiness check that proves a service answers on the bus: a `system.ping` RPC within the
 * deadline. Not critical: one service down must not take the gateway out of the load balancer.
 */
export function servicePingCheck(bus: Bus, service: string, timeoutMs: number): ReadinessCheck {
  return {
    name: service,
    critical: false,
    isUp: async () => {
      const reply = await bus.rpc.call(Ping, service, { sentAt: new Date().toISOString() }, { timeoutMs });
      return reply.service === service;
    },
  };
}
