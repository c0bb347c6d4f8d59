import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { ConcurrencyLimit } from '@zagel/concurrency';
import { BatchRecipient, MessageBatchRequestedPayload, MessageRequestedPayload, PushToDevice, recipientTemplate } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { PoolDispatcherConfig } from '../config';
import { poolsFor } from '../pools/pool-identity';
import { BatchPick, BatchPickRequest, PoolStore } from '../pools/pool-store';
import { BatchDecisions, BatchRoutingLog } from './batch-routing-log';
import { Destination, destinationOf, phoneCanSend } from './destination';
import { dispatchMetrics } from './dispatch-metrics';
import { DEFAULT_VALIDITY_MS, GATEWAY_REPORT_GRACE_MS } from './route-message.use-case';

/** Recipients decided per script call: bounds how long one call holds Redis while live picks wait. */
const PICK_SLICE = 100;

/**
 * Batches routed at once in this process, whatever the bulk lane's prefetch: the rest wait unacked,
 * so bulk never holds more than two of the database connections and Redis turns live messages need.
 */
const BATCHES_AT_ONCE = 2;

interface Planned {
  recipient: BatchRecipient;
  destination: Destination | null;
  leaseId: string;
  /** May go to a phone (route auto or devices, a number with a country). */
  phones: boolean;
}

/**
 * Routes a bulk batch (`message.batch.requested`, up to 500 recipients of one organization) per
 * recipient: to a phone where the route allows and one can take it (claim, cancel check and pick
 * in one script call per slice), else to the providers (`auto`, `providers`) or `failed`
 * (`devices`); an expired batch is never pushed. Then one transaction records every decision and
 * queues one `provider.send.batch` and one `message.status.batch`; the pushes go one per phone.
 * Redelivered, it changes nothing twice: a claimed recipient keeps its first answer (its lease, or
 * the providers), and only decisions this delivery made are sent and announced.
 */
@Injectable()
export class RouteBatchUseCase {
  private readonly limit = new ConcurrencyLimit(BATCHES_AT_ONCE);

  constructor(
    private readonly bus: Bus,
    private readonly pools: PoolStore,
    private readonly log: BatchRoutingLog,
    private readonly settings: PoolDispatcherConfig,
  ) {}

  execute(batch: MessageBatchRequestedPayload): Promise<void> {
    return this.limit.run(() => this.route(batch));
  }

  private async route(batch: MessageBatchRequestedPayload): Promise<void> {
    const now = Date.now();
    const decisions: BatchDecisions = { leased: [], providers: [], failed: [], expired: [] };
    if (batch.expiresAt && Date.parse(batch.expiresAt) <= now) {
      decisions.expired = batch.recipients;
    } else {
      const planned = await this.plan(batch);
      for (let start = 0; start < planned.length; start += PICK_SLICE) {
        const slice = planned.slice(start, start + PICK_SLICE);
        const picks = await this.pools.pickBatch(
          slice.map((entry) => this.pickRequest(batch, entry)),
          { organizationId: batch.organizationId, deadline: now + this.settings.DEVICE_ACK_TIMEOUT_MS + GATEWAY_REPORT_GRACE_MS },
          now,
        );
        slice.forEach((entry, index) => this.sort(batch, entry, picks[index], now, decisions));
      }
    }
    await this.push(batch, decisions, now);
    const { toProviders } = await this.log.record(batch, decisions);
    dispatchMetrics.routed.inc({ route: 'device' }, decisions.leased.filter((lease) => lease.fresh).length);
    dispatchMetrics.routed.inc({ route: 'provider' }, toProviders);
  }

  private async plan(batch: MessageBatchRequestedPayload): Promise<Planned[]> {
    return Promise.all(
      batch.recipients.map(async (recipient) => {
        const destination = batch.route === 'providers' || !phoneCanSend(recipient) ? null : await destinationOf(recipient.to);
        return { recipient, destination, leaseId: uuidv7(), phones: destination !== null };
      }),
    );
  }

  private pickRequest(batch: MessageBatchRequestedPayload, entry: Planned): BatchPickRequest {
    if (!entry.phones || !entry.destination) return { messageId: entry.recipient.messageId, leaseId: entry.leaseId, pools: [] };
    // What a phone's failure routes again (MessageState), as a single request of this message would be.
    const template = recipientTemplate(batch.template, entry.recipient.templateVariables);
    const request: MessageRequestedPayload = {
      messageId: entry.recipient.messageId,
      organizationId: batch.organizationId,
      to: entry.recipient.to,
      body: entry.recipient.body,
      messageType: batch.messageType,
      route: batch.route,
      lane: 'bulk',
      origin: 'api',
      ...(batch.expiresAt && { expiresAt: batch.expiresAt }),
      ...(template && { template }),
    };
    return {
      messageId: entry.recipient.messageId,
      leaseId: entry.leaseId,
      claim: JSON.stringify(request),
      pools: poolsFor(entry.destination.country, entry.destination.carrier),
    };
  }

  private sort(batch: MessageBatchRequestedPayload, entry: Planned, pick: BatchPick, now: number, decisions: BatchDecisions): void {
    const { recipient, destination } = entry;
    switch (pick.kind) {
      case 'canceled':
      case 'claimed':
        return;
      case 'picked':
        decisions.leased.push({ recipient, destination: destination!, leaseId: entry.leaseId, deviceId: pick.deviceId, ownerId: pick.ownerId, attempt: 1, leasedAt: new Date(now), fresh: true, gatewayInstanceId: pick.gatewayInstanceId });
        return;
      case 'leased':
        if (!pick.deviceId) return;
        decisions.leased.push({ recipient, destination: destination!, leaseId: pick.leaseId, deviceId: pick.deviceId, ownerId: pick.ownerId, attempt: pick.attempt, leasedAt: new Date(pick.leasedAt), fresh: false });
        return;
      default:
        if (batch.route === 'devices') decisions.failed.push({ recipient, destination });
        else decisions.providers.push({ recipient, destination });
    }
  }

  /** One push per phone's lease, to the gateway instance holding its socket, all confirmed together. */
  private async push(batch: MessageBatchRequestedPayload, decisions: BatchDecisions, now: number): Promise<void> {
    const expiresAt = batch.expiresAt ?? new Date(now + DEFAULT_VALIDITY_MS).toISOString();
    await Promise.all(
      decisions.leased
        .filter((lease) => lease.fresh && lease.gatewayInstanceId)
        .map((lease) =>
          this.bus.send(
            PushToDevice,
            { service: 'device-gateway', instanceId: lease.gatewayInstanceId! },
            { leaseId: lease.leaseId, messageId: lease.recipient.messageId, deviceId: lease.deviceId, to: lease.recipient.to, body: lease.recipient.body, expiresAt },
            { tenantId: batch.organizationId },
          ),
        ),
    );
  }
}
