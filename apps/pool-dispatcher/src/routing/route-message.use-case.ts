import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { MessageRequestedPayload, MessageStatusChanged, PushToDevice, SendViaProvider } from '@zagel/contracts';
import { Outbox } from '@zagel/database';
import { Bus } from '@zagel/messaging';
import { PoolDispatcherConfig } from '../config';
import { poolsFor } from '../pools/pool-identity';
import { PoolStore } from '../pools/pool-store';
import { Destination, destinationOf, phoneCanSend } from './destination';
import { dispatchMetrics } from './dispatch-metrics';
import { MessageState } from './message-state';
import { RoutedMessagesRepository } from './routed-messages.repository';
import { RoutingLog } from './routing-log';

/** How long after the ack timeout the dispatcher waits for the gateway's own `ack_timeout` report. */
export const GATEWAY_REPORT_GRACE_MS = 1_000;

/** A message without an expiry may wait on phones this long. */
export const DEFAULT_VALIDITY_MS = 24 * 3_600_000;

export const NO_DEVICE_AVAILABLE = 'no_device_available';
/** A message only providers can send (flash, binary, a sender id) on a devices-only route. */
export const UNSUPPORTED_TYPE = 'unsupported_type';

/**
 * Routes one message: to a phone of the recipient's carrier pool, else of the country pool; when
 * no phone can take it (or `DEVICE_MAX_ATTEMPTS` phones failed it) to the providers if the route
 * allows, else it fails. The hot path is one Redis script and one publish; the records and the
 * `routing` status are written after the push has left.
 */
@Injectable()
export class RouteMessageUseCase {
  private readonly logger = new Logger(RouteMessageUseCase.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: Bus,
    private readonly pools: PoolStore,
    private readonly messages: MessageState,
    private readonly log: RoutingLog,
    private readonly routed: RoutedMessagesRepository,
    private readonly settings: PoolDispatcherConfig,
  ) {}

  /** A new `message.requested`; a redelivered one is already in hand and changes nothing. */
  async execute(request: MessageRequestedPayload): Promise<void> {
    await this.routeTo(request, request.excludeDeviceIds ?? [], 1, true);
  }

  /** `message.status` `canceled` (ingestion, before the message was routed): remembered so it is never routed. */
  async cancel(messageId: string): Promise<void> {
    await this.messages.cancel(messageId);
  }

  /** Routes again after the phone of attempt `attempt - 1` failed it. */
  async reroute(messageId: string, failedDeviceId: string, attempt: number): Promise<void> {
    const state = await this.messages.get(messageId);
    if (!state) {
      this.logger.warn(`message ${messageId}: nothing remembered about it, cannot route it again`);
      return;
    }
    const excluded = new Set([...(state.request.excludeDeviceIds ?? []), ...state.tried, failedDeviceId]);
    await this.routeTo(state.request, [...excluded], attempt);
  }

  /** `claim`: a new message, claimed here (in the pick script on the hot path) so a redelivery does nothing. */
  private async routeTo(request: MessageRequestedPayload, excluded: readonly string[], attempt: number, claim = false): Promise<void> {
    // The cancel may overtake the request on the bus (another queue), so it is checked on every
    // routing: by the pick script on the way to a phone, here on every other way.
    const now = Date.now();
    const claimed = async () => !(await this.messages.isCanceled(request.messageId)) && (!claim || (await this.messages.claim(request)));
    if (request.expiresAt && Date.parse(request.expiresAt) <= now) {
      if (await claimed()) await this.expire(request);
      return;
    }
    const destination = request.route === 'providers' || request.viaProviderAccountId || !phoneCanSend(request) ? null : await destinationOf(request.to);
    // A message pinned to one phone goes to that phone (looked up in its own pools) or fails.
    const pinnedPhoneGone = request.viaDeviceId !== undefined && (attempt > 1 || excluded.includes(request.viaDeviceId));
    if (!destination || attempt > this.settings.DEVICE_MAX_ATTEMPTS || pinnedPhoneGone) {
      if (await claimed()) await this.fallBack(request, destination);
      return;
    }

    const leaseId = uuidv7();
    const picked = await this.pools.pickAndLease(
      poolsFor(destination.country, destination.carrier),
      {
        leaseId,
        messageId: request.messageId,
        organizationId: request.organizationId,
        origin: request.origin,
        attempt,
        // The gateway times the phone's ack with the same setting and reports first; this deadline is the backstop.
        deadline: now + this.settings.DEVICE_ACK_TIMEOUT_MS + GATEWAY_REPORT_GRACE_MS,
        excluded,
        ...(claim && { claim: JSON.stringify(request) }),
        ...(request.viaDeviceId && { only: request.viaDeviceId }),
      },
      now,
    );
    if (picked === 'duplicate' || picked === 'canceled') return;
    if (!picked) return this.fallBack(request, destination);

    await this.bus.send(
      PushToDevice,
      { service: 'device-gateway', instanceId: picked.gatewayInstanceId },
      {
        leaseId,
        messageId: request.messageId,
        deviceId: picked.deviceId,
        to: request.to,
        body: request.body,
        expiresAt: request.expiresAt ?? new Date(now + DEFAULT_VALIDITY_MS).toISOString(),
      },
      { tenantId: request.organizationId },
    );
    dispatchMetrics.routed.inc({ route: 'device' });
    await this.log.record({
      request,
      destination,
      leaseId,
      deviceId: picked.deviceId,
      ownerId: picked.ownerId,
      attempt,
      leasedAt: new Date(now),
    });
  }

  private async fallBack(request: MessageRequestedPayload, destination: Destination | null): Promise<void> {
    const tenant = { tenantId: request.organizationId };
    await this.dataSource.transaction(async (manager) => {
      if (request.route === 'devices' || request.viaDeviceId) {
        const reason = phoneCanSend(request) ? NO_DEVICE_AVAILABLE : UNSUPPORTED_TYPE;
        if (!(await this.routed.decide(manager, request, destination, 'failed', reason))) return;
        dispatchMetrics.routed.inc({ route: 'failed' });
        await Outbox.add(
          manager,
          MessageStatusChanged,
          {
            messageId: request.messageId,
            organizationId: request.organizationId,
            status: 'failed',
            origin: request.origin,
            route: 'device',
            errorCode: reason,
            at: new Date().toISOString(),
          },
          tenant,
        );
        return;
      }
      if (!(await this.routed.decide(manager, request, destination, 'provider'))) return;
      dispatchMetrics.routed.inc({ route: 'provider' });
      await Outbox.add(
        manager,
        SendViaProvider,
        {
          messageId: request.messageId,
          organizationId: request.organizationId,
          to: request.to,
          body: request.body,
          messageType: request.messageType,
          ...(request.format && { format: request.format }),
          ...(request.udh && { udh: request.udh }),
          ...(request.from && { from: request.from }),
          origin: request.origin,
          ...(request.expiresAt && { expiresAt: request.expiresAt }),
          chainPosition: 0,
          ...(request.viaProviderAccountId && { providerAccountId: request.viaProviderAccountId }),
          ...(request.template && { template: request.template }),
        },
        { ...tenant, target: { service: 'provider-sender' } },
      );
    });
  }

  private async expire(request: MessageRequestedPayload): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.routed.decide(manager, request, null, 'expired'))) return;
      dispatchMetrics.routed.inc({ route: 'expired' });
      await Outbox.add(
        manager,
        MessageStatusChanged,
        {
          messageId: request.messageId,
          organizationId: request.organizationId,
          status: 'expired',
          origin: request.origin,
          at: new Date().toISOString(),
        },
        { tenantId: request.organizationId },
      );
    });
  }
}
