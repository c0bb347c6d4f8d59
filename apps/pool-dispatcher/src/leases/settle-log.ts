import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { bookkeepingLinger, GroupCommit, ItemOutcome } from '@zagel/concurrency';
import { MessageStatus } from '@zagel/contracts';
import { PoolDispatcherConfig } from '../config';
import { announceSteps } from '../routing/step-announcements';
import { healthScore } from '../health/health-score';
import { AttemptOutcome } from './delivery-attempts.repository';
import { Lease } from './lease-store';

/** A phone's report that settled a lease: `sent`, `delivered`, or `undelivered` after `sent`. */
export interface SettledLease {
  lease: Lease;
  outcome: Extract<AttemptOutcome, 'sent' | 'delivered' | 'undelivered'>;
  status: MessageStatus;
  at: string;
  errorCode?: string;
  /** The first success of this lease: counts for the phone's health. */
  success: boolean;
}

interface AttemptChange {
  leaseId: string;
  messageId: string;
  deviceId: string;
  ownerId: string;
  attempt: number;
  leasedAt: string;
  outcome: string;
  sentAt: string | null;
  deliveredAt: string | null;
  finishedAt: string | null;
  ackedAt: string | null;
  errorCode: string | null;
}

const MAX_BATCH = 500;

/** What the lease's attempt row already records, read under its row lock. */
interface RecordedOutcomes {
  lease_id: string;
  sent: boolean;
  delivered: boolean;
  undelivered: boolean;
}

/**
 * Records settled leases in group commits: the attempt rows, the phones' success counts and health
 * scores, the messages' outcome and their status events (outbox), for every report that arrives
 * while the previous transaction commits in the next one.
 *
 * Idempotent per (lease, outcome): the lease moves in Redis before this commit, so a report whose
 * commit failed is redelivered, finds its lease already moved and records it again; an outcome the
 * attempt row already holds (read under the row's lock) is not counted or announced twice.
 */
@Injectable()
export class SettleLog {
  private readonly commits: GroupCommit<'settled', SettledLease, boolean>;

  constructor(dataSource: DataSource, settings: PoolDispatcherConfig) {
    this.commits = new GroupCommit((_, entries) => dataSource.transaction((manager) => this.write(manager, entries)), {
      maxBatch: MAX_BATCH,
      // A verification code's: the push has left (or the phone has sent it), nobody waits on the record.
      ...bookkeepingLinger(settings, (_, entry) => entry.lease.origin === 'otp'),
    });
  }

  /** True if this settled the lease's outcome; false if an earlier commit already had. */
  record(entry: SettledLease): Promise<boolean> {
    return this.commits.add('settled', entry);
  }

  private async write(manager: EntityManager, entries: SettledLease[]): Promise<ItemOutcome<boolean>[]> {
    const recorded = await this.lockAttempts(manager, entries);
    const seen = new Set<string>();
    const fresh = entries.map(({ lease, outcome }) => {
      const key = `${lease.leaseId}:${outcome}`;
      const isNew = !seen.has(key) && !alreadyRecorded(recorded.get(lease.leaseId), outcome);
      seen.add(key);
      return isNew;
    });
    const settled = entries.filter((_, index) => fresh[index]);
    if (settled.length > 0) {
      await this.countSuccesses(manager, settled);
      await this.updateAttempts(manager, settled);
      await this.announce(manager, settled);
    }
    return fresh.map((value) => ({ ok: true, value }));
  }

  /**
   * Makes sure every lease has its attempt row (the phone can answer before the lease's own record,
   * written after the push, has committed) and locks it, in lease order (RoutingLog's too), answering
   * what it records: a settle already committed is seen here, even one committing concurrently.
   */
  private async lockAttempts(manager: EntityManager, entries: SettledLease[]): Promise<Map<string, RecordedOutcomes>> {
    const leases = new Map(entries.map(({ lease }) => [lease.leaseId, lease]));
    const list = [...leases.values()].sort((a, b) => a.leaseId.localeCompare(b.leaseId));
    const rows = (await manager.query(
      `INSERT INTO delivery_attempts AS a (lease_id, message_id, device_id, owner_id, attempt, leased_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::int[], $6::timestamptz[])
       ON CONFLICT (lease_id) DO UPDATE SET lease_id = a.lease_id
       RETURNING lease_id, sent_at IS NOT NULL AS sent, delivered_at IS NOT NULL AS delivered, outcome = 'undelivered' AS undelivered`,
      [
        list.map((lease) => lease.leaseId),
        list.map((lease) => lease.messageId),
        list.map((lease) => lease.deviceId),
        list.map((lease) => lease.ownerId),
        list.map((lease) => lease.attempt),
        list.map((lease) => new Date(lease.leasedAt).toISOString()),
      ],
    )) as RecordedOutcomes[];
    return new Map(rows.map((row) => [row.lease_id, row]));
  }

  private async announce(manager: EntityManager, entries: SettledLease[]): Promise<void> {
    await announceSteps(
      manager,
      'outcome',
      entries.map(({ lease, status, at, errorCode }) => ({
        messageId: lease.messageId,
        organizationId: lease.organizationId,
        status,
        origin: lease.origin,
        route: 'device' as const,
        deviceId: lease.deviceId,
        deviceOwnerId: lease.ownerId,
        ...(errorCode && { errorCode: errorCode.slice(0, 64) }),
        at,
      })),
    );
  }

  private async countSuccesses(manager: EntityManager, entries: SettledLease[]): Promise<void> {
    const perDevice = new Map<string, number>();
    for (const entry of entries) if (entry.success) perDevice.set(entry.lease.deviceId, (perDevice.get(entry.lease.deviceId) ?? 0) + 1);
    if (perDevice.size === 0) return;
    // Concurrent batches touch the same phones: taking the row locks in one order keeps them from deadlocking.
    // Locked, their counters cannot move before the update: the new score is computed from them here.
    const locked = (await manager.query(
      `SELECT id, sends_succeeded, sends_failed, sends_timed_out FROM devices WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [[...perDevice.keys()]],
    )) as { id: string; sends_succeeded: number; sends_failed: number; sends_timed_out: number }[];
    if (locked.length === 0) return;
    const added = locked.map((row) => perDevice.get(row.id)!);
    await manager.query(
      `UPDATE devices d SET sends_succeeded = d.sends_succeeded + u.n, health_score = u.score
       FROM unnest($1::uuid[], $2::int[], $3::float8[]) AS u(id, n, score) WHERE d.id = u.id`,
      [
        locked.map((row) => row.id),
        added,
        locked.map((row, index) =>
          healthScore({ succeeded: row.sends_succeeded + added[index], failed: row.sends_failed, timedOut: row.sends_timed_out }),
        ),
      ],
    );
  }

  /**
   * One change per lease, even when its `sent` and `delivered` share the batch. A `sent` recorded
   * late (its first commit failed) never steps the outcome back from `delivered` or `undelivered`.
   */
  private async updateAttempts(manager: EntityManager, entries: SettledLease[]): Promise<void> {
    const changes = new Map<string, AttemptChange>();
    for (const { lease, outcome, at, errorCode } of entries) {
      const change = changes.get(lease.leaseId) ?? {
        leaseId: lease.leaseId,
        messageId: lease.messageId,
        deviceId: lease.deviceId,
        ownerId: lease.ownerId,
        attempt: lease.attempt,
        leasedAt: new Date(lease.leasedAt).toISOString(),
        outcome,
        sentAt: null,
        deliveredAt: null,
        finishedAt: null,
        ackedAt: lease.ackedAt === null ? null : new Date(lease.ackedAt).toISOString(),
        errorCode: null,
      };
      changes.set(lease.leaseId, change);
      change.outcome = outcome;
      if (outcome === 'sent') change.sentAt = at;
      else if (outcome === 'delivered') change.deliveredAt = at;
      else change.finishedAt = at;
      if (errorCode) change.errorCode = errorCode.slice(0, 64);
    }
    const list = [...changes.values()].sort((a, b) => a.leaseId.localeCompare(b.leaseId));
    const column = <K extends keyof AttemptChange>(key: K) => list.map((change) => change[key]);
    await manager.query(
      `INSERT INTO delivery_attempts AS a (lease_id, message_id, device_id, owner_id, attempt, leased_at, outcome,
         sent_at, delivered_at, finished_at, acked_at, error_code)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::int[], $6::timestamptz[], $7::text[],
         $8::timestamptz[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[], $12::text[])
       ON CONFLICT (lease_id) DO UPDATE SET
         outcome = CASE WHEN EXCLUDED.outcome = 'sent' AND a.outcome IN ('delivered', 'undelivered') THEN a.outcome ELSE EXCLUDED.outcome END,
         sent_at = coalesce(EXCLUDED.sent_at, a.sent_at), delivered_at = coalesce(EXCLUDED.delivered_at, a.delivered_at),
         finished_at = coalesce(EXCLUDED.finished_at, a.finished_at), acked_at = coalesce(a.acked_at, EXCLUDED.acked_at),
         error_code = coalesce(EXCLUDED.error_code, a.error_code)`,
      [
        column('leaseId'),
        column('messageId'),
        column('deviceId'),
        column('ownerId'),
        column('attempt'),
        column('leasedAt'),
        column('outcome'),
        column('sentAt'),
        column('deliveredAt'),
        column('finishedAt'),
        column('ackedAt'),
        column('errorCode'),
      ],
    );
  }
}

function alreadyRecorded(row: RecordedOutcomes | undefined, outcome: SettledLease['outcome']): boolean {
  if (!row) return false;
  if (outcome === 'sent') return row.sent;
  if (outcome === 'delivered') return row.delivered;
  return row.undelivered;
}
