import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { MessageRequestedPayload, MessageStatusChanged, MessageStatusPayload } from '@zagel/contracts';
import { Outbox } from '@zagel/database';
import { Destination } from './destination';

/** One lease handed to a phone: the decision, the attempt row and the `routing` status to announce. */
export interface LeasedMessage {
  request: MessageRequestedPayload;
  destination: Destination;
  leaseId: string;
  deviceId: string;
  ownerId: string;
  attempt: number;
  leasedAt: Date;
}

interface Pending {
  entry: LeasedMessage;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 250;
const LINGER_MS = 2;

/**
 * Writes leases in group commits: every lease handed out within a couple of milliseconds shares one
 * transaction (decisions, attempt rows and `routing` statuses in the outbox). Each caller's promise
 * settles with its batch's commit, so a message is still acked only once its records are durable.
 * At a thousand messages a second this is a few transactions instead of a thousand.
 */
@Injectable()
export class RoutingLog {
  private queue: Pending[] = [];
  private timer?: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {}

  record(entry: LeasedMessage): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      if (this.queue.length >= MAX_BATCH) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), LINGER_MS);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    this.dataSource
      .transaction((manager) => this.write(manager, batch.map((pending) => pending.entry)))
      .then(
        () => batch.forEach((pending) => pending.resolve()),
        (error: unknown) => batch.forEach((pending) => pending.reject(error)),
      );
  }

  private async write(manager: EntityManager, entries: LeasedMessage[]): Promise<void> {
    const column = <T>(pick: (entry: LeasedMessage) => T) => entries.map(pick);
    await manager.query(
      `INSERT INTO routed_messages (message_id, organization_id, route, message_type, country, carrier, outcome)
       SELECT DISTINCT ON (m) m, o, r, t, c, k, 'routing'
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(m, o, r, t, c, k)
       ON CONFLICT (message_id) DO UPDATE SET outcome = 'routing'`,
      [
        column((entry) => entry.request.messageId),
        column((entry) => entry.request.organizationId),
        column((entry) => entry.request.route),
        column((entry) => entry.request.messageType),
        column((entry) => entry.destination.country),
        column((entry) => entry.destination.carrier),
      ],
    );
    await manager.query(
      `INSERT INTO delivery_attempts (lease_id, message_id, device_id, owner_id, attempt, leased_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::int[], $6::timestamptz[])
       ON CONFLICT (lease_id) DO NOTHING`,
      [
        column((entry) => entry.leaseId),
        column((entry) => entry.request.messageId),
        column((entry) => entry.deviceId),
        column((entry) => entry.ownerId),
        column((entry) => entry.attempt),
        column((entry) => entry.leasedAt.toISOString()),
      ],
    );
    const byTenant = new Map<string, MessageStatusPayload[]>();
    for (const entry of entries) {
      const statuses = byTenant.get(entry.request.organizationId) ?? [];
      byTenant.set(entry.request.organizationId, statuses);
      statuses.push({
        messageId: entry.request.messageId,
        organizationId: entry.request.organizationId,
        status: 'routing',
        route: 'device',
        deviceId: entry.deviceId,
        deviceOwnerId: entry.ownerId,
        at: entry.leasedAt.toISOString(),
      });
    }
    for (const [tenantId, statuses] of byTenant) await Outbox.addMany(manager, MessageStatusChanged, statuses, { tenantId });
  }
}
