import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { RewardOrder, RewardPhoneOwner } from './reward-phone-owner';

interface PendingRow {
  message_id: string;
  owner_id: string;
  device_id: string;
  organization_id: string | null;
}

/**
 * Rewards claimed on a phone's word (it reported a non-OTP message sent or delivered), waiting for a
 * proof it cannot forge. A canary from the phone that arrives pays what it had pending; a ban forfeits
 * it; a quarantine holds it (the dispatcher announces no canary for a quarantined phone). A message is
 * pending once (its id is the key) and paid once (the ledger's unique reward per message).
 */
@Injectable()
export class PendingRewards {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reward: RewardPhoneOwner,
  ) {}

  /** Records the claims in the caller's transaction; a message already pending, paid or forfeited is left as it is. */
  async recordIn(manager: EntityManager, orders: readonly RewardOrder[]): Promise<void> {
    const claims = orders.filter((order) => order.deviceId !== undefined);
    if (claims.length === 0) return;
    await manager.query(
      `INSERT INTO pending_rewards (message_id, owner_id, device_id, organization_id)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[]) ORDER BY 1
       ON CONFLICT (message_id) DO NOTHING`,
      [claims.map((order) => order.messageId), claims.map((order) => order.ownerId), claims.map((order) => order.deviceId), claims.map((order) => order.organizationId ?? null)],
    );
  }

  /** Pays what the phone had pending up to `provenAt`, in one transaction; answers how many were paid. */
  async payProven(deviceId: string, provenAt: Date): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: PendingRow[] = await manager.query(
        `SELECT message_id, owner_id, device_id, organization_id FROM pending_rewards
         WHERE device_id = $1 AND state = 'pending' AND created_at <= $2 ORDER BY message_id FOR UPDATE`,
        [deviceId, provenAt],
      );
      if (rows.length === 0) return 0;
      for (const row of rows) {
        await this.reward.rewardIn(manager, {
          messageId: row.message_id,
          ownerId: row.owner_id,
          deviceId: row.device_id,
          ...(row.organization_id ? { organizationId: row.organization_id } : {}),
          source: 'delivered',
        });
      }
      await manager.query(`UPDATE pending_rewards SET state = 'paid', settled_at = now() WHERE message_id = ANY($1::uuid[])`, [
        rows.map((row) => row.message_id),
      ]);
      return rows.length;
    });
  }

  /** A banned phone's pending rewards are never paid. */
  async forfeit(deviceId: string): Promise<number> {
    const [, count] = (await this.dataSource.query(
      `UPDATE pending_rewards SET state = 'forfeited', settled_at = now() WHERE device_id = $1 AND state = 'pending'`,
      [deviceId],
    )) as [unknown, number];
    return count;
  }

  /** Messages of the owner's phones awaiting proof. */
  async countPending(ownerId: string): Promise<number> {
    const [row] = (await this.dataSource.query(`SELECT count(*)::int AS pending FROM pending_rewards WHERE owner_id = $1 AND state = 'pending'`, [
      ownerId,
    ])) as { pending: number }[];
    return row.pending;
  }
}
