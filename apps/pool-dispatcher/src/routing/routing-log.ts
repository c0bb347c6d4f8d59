import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { bookkeepingLinger, GroupCommit } from '@zagel/concurrency';
import { MessageRequestedPayload } from '@zagel/contracts';
import { PoolDispatcherConfig } from '../config';
import { announceSteps } from './step-announcements';
import { Destination } from './destination';

const MAX_BATCH = 500;

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

/**
 * Records leases after their push has left, in group commits: the leases made while a transaction
 * commits share the next one (decisions, attempt rows and `routing` statuses in the outbox, see announceSteps).
 */
@Injectable()
export class RoutingLog {
  private readonly commits: GroupCommit<'leases', LeasedMessage>;

  constructor(dataSource: DataSource, settings: PoolDispatcherConfig) {
    this.commits = new GroupCommit((_, entries) => dataSource.transaction((manager) => this.write(manager, entries)), {
      maxBatch: MAX_BATCH,
      // A verification code's: the push has left (or the phone has sent it), nobody waits on the record.
      ...bookkeepingLinger(settings, (_, entry) => entry.request.origin === 'otp'),
    });
  }

  record(entry: LeasedMessage): Promise<void> {
    return this.commits.add('leases', entry);
  }

  private async write(manager: EntityManager, batch: LeasedMessage[]): Promise<void> {
    // One lock order for every batch (and SettleLog's), so concurrent batches cannot deadlock.
    const entries = [...batch].sort((a, b) => a.leaseId.localeCompare(b.leaseId));
    const column = <T>(pick: (entry: LeasedMessage) => T) => entries.map(pick);
    await manager.query(
      `INSERT INTO routed_messages (message_id, organization_id, route, message_type, country, carrier, outcome, decided_at)
       SELECT DISTINCT ON (m) m, o, r, t, c, k, 'device', now()
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(m, o, r, t, c, k)
       ORDER BY m
       ON CONFLICT (message_id) DO NOTHING`,
      [
        column((entry) => entry.request.messageId),
        column((entry) => entry.request.organizationId),
        column((entry) => entry.request.route),
        column((entry) => entry.request.messageType),
        column((entry) => entry.destination.country),
        column((entry) => entry.destination.carrier),
      ],
    );
    // Nothing to update on a conflict: a lease settled before this record committed already has a fuller row.
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
    await announceSteps(
      manager,
      'routing',
      entries.map((entry) => ({
        messageId: entry.request.messageId,
        organizationId: entry.request.organizationId,
        status: 'routing',
        origin: entry.request.origin,
        route: 'device',
        deviceId: entry.deviceId,
        deviceOwnerId: entry.ownerId,
        at: entry.leasedAt.toISOString(),
      })),
    );
  }
}
