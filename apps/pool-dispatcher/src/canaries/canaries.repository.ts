import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { InboundChannel } from '@zagel/contracts';
import { DeviceRow } from '../devices/device-row';

export interface NewCanary {
  id: string;
  senderDeviceId: string;
  senderOwnerId: string;
  receiverDeviceId: string | null;
  receiverNumber: string;
  token: string;
  deadline: Date;
}

export interface ClosedCanary {
  id: string;
  sender_device_id: string;
  outcome: 'missed' | 'void';
}

export interface ArrivedCanary {
  id: string;
  sender_device_id: string;
}

export interface SenderRecord {
  today: number;
  open: boolean;
}

/** The canaries table: one row per canary, from its push to its outcome. */
@Injectable()
export class CanariesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Of these phones, those that may take part in canaries: not paused, quarantined or banned. */
  eligibleDevices(ids: readonly string[]): Promise<DeviceRow[]> {
    return this.dataSource.query(
      `SELECT * FROM devices WHERE id = ANY($1::uuid[]) AND NOT paused AND quarantined_at IS NULL AND banned_at IS NULL`,
      [ids],
    ) as Promise<DeviceRow[]>;
  }

  /** Canaries each phone sent in the last 24 hours, and whether one is still awaited. */
  async senderRecords(ids: readonly string[]): Promise<Map<string, SenderRecord>> {
    const rows: { sender_device_id: string; today: number; open: boolean }[] = await this.dataSource.query(
      `SELECT sender_device_id, (count(*) FILTER (WHERE sent_at > now() - interval '24 hours'))::int AS today, bool_or(outcome = 'pushed') AS open
       FROM canaries WHERE sender_device_id = ANY($1::uuid[]) AND (sent_at > now() - interval '24 hours' OR outcome = 'pushed')
       GROUP BY sender_device_id`,
      [ids],
    );
    return new Map(rows.map((row) => [row.sender_device_id, { today: row.today, open: row.open }]));
  }

  async insert(manager: EntityManager, canary: NewCanary): Promise<void> {
    await manager.query(
      `INSERT INTO canaries (id, sender_device_id, sender_owner_id, receiver_device_id, receiver_number, token, deadline)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [canary.id, canary.senderDeviceId, canary.senderOwnerId, canary.receiverDeviceId, canary.receiverNumber, canary.token, canary.deadline],
    );
  }

  /**
   * The phone's report about a canary it was pushed (the lease id is the canary's): `sent` or
   * `delivered` is its claim to have sent it. False if the lease is no canary.
   */
  async noteReport(leaseId: string, report: string): Promise<boolean> {
    const [rows] = (await this.dataSource.query(
      `UPDATE canaries SET last_report = $2, claimed_at = CASE WHEN $3 THEN coalesce(claimed_at, now()) ELSE claimed_at END
       WHERE id = $1 RETURNING id`,
      [leaseId, report, report === 'sent' || report === 'delivered'],
    )) as [unknown[], number];
    return rows.length > 0;
  }

  /**
   * Canaries past their deadline, closed (claimed by one instance, SKIP LOCKED): `missed` if the
   * phone claimed it sent, `void` if it never did (refused, returned, offline: no evidence either way).
   */
  async closeOverdue(manager: EntityManager, limit: number): Promise<ClosedCanary[]> {
    const [rows] = (await manager.query(
      `UPDATE canaries SET outcome = CASE WHEN claimed_at IS NOT NULL THEN 'missed' ELSE 'void' END
       WHERE id IN (SELECT id FROM canaries WHERE outcome = 'pushed' AND deadline < now() ORDER BY deadline LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING id, sender_device_id, outcome`,
      [limit],
    )) as [ClosedCanary[], number];
    return rows;
  }

  /**
   * The canaries whose token an inbound SMS carries, if it reached the receiver each was sent to (the
   * receiving phone, identified by its token, or a provider inbound number), before its deadline passed.
   */
  async markArrived(
    manager: EntityManager,
    tokens: readonly string[],
    receiver: { channel: InboundChannel; deviceId?: string; to?: string },
  ): Promise<ArrivedCanary[]> {
    const [rows] = (await manager.query(
      `UPDATE canaries SET outcome = 'arrived', arrived_at = now()
       WHERE token = ANY($1::text[]) AND outcome = 'pushed'
         AND CASE WHEN $2 = 'device' THEN receiver_device_id = $3::uuid
                  ELSE receiver_device_id IS NULL AND ($4::text IS NULL OR receiver_number = $4) END
       RETURNING id, sender_device_id`,
      [tokens, receiver.channel, receiver.deviceId ?? null, receiver.to ?? null],
    )) as [ArrivedCanary[], number];
    return rows;
  }

  /** Of these senders, the owners of those still in good standing (neither quarantined nor banned). */
  async ownersInGoodStanding(manager: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
    const rows: { id: string; owner_id: string }[] = await manager.query(
      `SELECT id, owner_id FROM devices WHERE id = ANY($1::uuid[]) AND quarantined_at IS NULL AND banned_at IS NULL`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.owner_id]));
  }
}
