import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { RewardSource } from '@zagel/contracts';

export interface RewardRow {
  message_id: string;
  device_id: string | null;
  tokens: string;
  source: RewardSource;
  created_at: Date;
}

export interface NewReward {
  messageId: string;
  ownerId: string;
  deviceId?: string;
  organizationId?: string;
  tokens: number;
  source: RewardSource;
  transactionId: string;
}

/** One row per rewarded message (the message id is the key: a message is rewarded at most once). */
@Injectable()
export class RewardsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, reward: NewReward): Promise<void> {
    await manager.query(
      `INSERT INTO rewards (message_id, owner_id, device_id, organization_id, tokens, source, transaction_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [reward.messageId, reward.ownerId, reward.deviceId ?? null, reward.organizationId ?? null, reward.tokens, reward.source, reward.transactionId],
    );
  }

  list(ownerId: string, limit: number, before?: string): Promise<RewardRow[]> {
    return this.dataSource.query(
      `SELECT message_id, device_id, tokens, source, created_at FROM rewards
       WHERE owner_id = $1 ${before ? 'AND message_id < $3' : ''}
       ORDER BY message_id DESC LIMIT $2`,
      before ? [ownerId, limit, before] : [ownerId, limit],
    );
  }

  byDevice(ownerId: string): Promise<{ device_id: string; earned: string; rewarded: number }[]> {
    return this.dataSource.query(
      `SELECT device_id, sum(tokens) AS earned, count(*)::int AS rewarded FROM rewards
       WHERE owner_id = $1 AND device_id IS NOT NULL GROUP BY device_id ORDER BY device_id`,
      [ownerId],
    );
  }
}
