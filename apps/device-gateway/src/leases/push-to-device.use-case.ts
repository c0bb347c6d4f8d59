import { Injectable, Logger } from '@nestjs/common';
import { PushToDevicePayload, SmsSendAck, SmsSendRequest } from '@zagel/contracts';
import { DeviceGatewayConfig } from '../config';
import { deviceGatewayMetrics } from '../devices/device-gateway.metrics';
import { EmitTrace, traceEmit } from '../devices/device-socket-tracing';
import { LiveDevice, LiveDevices } from '../devices/live-devices';
import { validatePayload } from '../devices/validate-payload';
import { LeaseEvents, LeaseRef } from './lease-events';
import { LeaseStore } from './lease-store';

const NO_ACK = Symbol('no ack in time');

/** Why the gateway refused a push on the phone's behalf, without offering it. */
export const EXPIRED_PUSH_REASON = 'expired';

/**
 * Offers one leased message to its phone as `sms:send` and turns the phone's answer into
 * `device.send-acked`, or hands the lease back (`not_connected`, `in_flight_limit`, `ack_timeout`).
 * A push already past its expiry is never offered: it is answered `send-acked` accepted=false,
 * reason `expired` (the lease ends; the dispatcher decides whether anything is left to do).
 */
@Injectable()
export class PushToDeviceUseCase {
  private readonly logger = new Logger(PushToDeviceUseCase.name);

  constructor(
    private readonly live: LiveDevices,
    private readonly leases: LeaseStore,
    private readonly events: LeaseEvents,
    private readonly settings: DeviceGatewayConfig,
  ) {}

  async execute(push: PushToDevicePayload): Promise<void> {
    const lease: LeaseRef = { leaseId: push.leaseId, messageId: push.messageId, deviceId: push.deviceId };
    const device = this.live.get(push.deviceId);
    if (!device) {
      deviceGatewayMetrics.pushes.inc({ outcome: 'not_connected' });
      return this.events.returned(lease, 'not_connected', { holdsSlot: false });
    }
    const expiresAt = Date.parse(push.expiresAt);
    if (expiresAt <= Date.now()) {
      deviceGatewayMetrics.pushes.inc({ outcome: 'expired' });
      return this.events.acked(lease, false, EXPIRED_PUSH_REASON);
    }
    // The slot lapses when the dispatcher gives up on the lease: at its ack deadline until the phone
    // accepts, at its send deadline after. So a push lost with an instance that died holding it keeps
    // the phone full no longer than the dispatcher waits for it, and then the phone serves again.
    const unansweredLapsesAt = Math.min(expiresAt, Date.now() + this.settings.DEVICE_ACK_TIMEOUT_MS);
    const reservation = await this.leases.reserve(push.deviceId, push.messageId, push.leaseId, this.settings.DEVICE_MAX_IN_FLIGHT, unansweredLapsesAt);
    if (reservation.outcome === 'held') {
      // A redelivered command for a lease the phone already holds changes nothing.
      if (reservation.leaseId === push.leaseId) return;
      deviceGatewayMetrics.pushes.inc({ outcome: 'in_flight_limit' });
      return this.events.returned(lease, 'in_flight_limit', { holdsSlot: false });
    }
    if (reservation.outcome === 'full') {
      deviceGatewayMetrics.pushes.inc({ outcome: 'in_flight_limit' });
      return this.events.returned(lease, 'in_flight_limit', { holdsSlot: false });
    }
    deviceGatewayMetrics.pushes.inc({ outcome: 'offered' });
    device.pendingAcks.set(push.messageId, push.leaseId);
    const request: SmsSendRequest = { messageId: push.messageId, to: push.to, body: push.body, expiresAt: push.expiresAt };
    const emitted = traceEmit('sms:send', push.deviceId, request);
    device.socket.timeout(this.settings.DEVICE_ACK_TIMEOUT_MS).emit('sms:send', request, (error, answer) => {
      emitted.run(() => this.settle(device, lease, expiresAt, error ? NO_ACK : (answer ?? null), emitted)).catch((failure: unknown) => {
        this.logger.error(`lease ${lease.leaseId}: outcome not published: ${failure instanceof Error ? failure.message : String(failure)}`);
      });
    });
  }

  private async settle(device: LiveDevice, lease: LeaseRef, expiresAt: number, answer: unknown, emitted: EmitTrace): Promise<void> {
    // Already settled: the socket went away or the instance is shutting down and handed it back.
    if (device.pendingAcks.get(lease.messageId) !== lease.leaseId) return emitted.end('settled_elsewhere');
    device.pendingAcks.delete(lease.messageId);
    if (answer === NO_ACK) {
      deviceGatewayMetrics.ackTimeouts.inc();
      emitted.end('ack_timeout', true);
      return this.events.returned(lease, 'ack_timeout', { holdsSlot: true });
    }
    const ack = validatePayload(SmsSendAck, answer);
    emitted.end(ack ? (ack.accepted ? 'accepted' : 'refused') : 'invalid_ack', !ack);
    if (ack?.accepted) {
      await this.events.acked(lease, true);
      // After the relay, so Redis can never hold up the ack; failing, the slot lapses at the ack deadline
      // instead and the phone may be offered one message more than its limit.
      const sendBy = Math.min(expiresAt, Date.now() + this.settings.DEVICE_SEND_TIMEOUT_MS);
      await this.leases.holdUntil(lease.deviceId, lease.messageId, sendBy).catch((error: unknown) => {
        this.logger.warn(`lease ${lease.leaseId}: slot not held to its send deadline: ${error instanceof Error ? error.message : String(error)}`);
      });
      return;
    }
    await this.leases.release(lease.deviceId, lease.messageId);
    await this.events.acked(lease, false, ack ? (ack.reason ?? 'refused') : 'invalid_ack');
  }
}
