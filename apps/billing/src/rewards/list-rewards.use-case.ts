import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ListRewardsRequest, RewardPage, RewardSummary, RewardSummaryRequest } from '@zagel/contracts';
import { REWARD_TOKEN_UNIT } from '../ledger/accounts';
import { Ledger } from '../ledger/ledger';
import { RewardsRepository } from './rewards.repository';

const DEFAULT_PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A phone owner's reward balance, history (newest first) and earnings per phone. */
@Injectable()
export class ListRewardsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: Ledger,
    private readonly rewards: RewardsRepository,
  ) {}

  async list(request: ListRewardsRequest): Promise<RewardPage> {
    const limit = request.limit ?? DEFAULT_PAGE_SIZE;
    const before = request.cursor && UUID.test(request.cursor) ? request.cursor : undefined;
    const [balance, rows] = await Promise.all([this.balance(request.ownerId), this.rewards.list(request.ownerId, limit + 1, before)]);
    const page = rows.slice(0, limit);
    return {
      balance,
      items: page.map((row) => ({
        messageId: row.message_id,
        ...(row.device_id ? { deviceId: row.device_id } : {}),
        tokens: Number(row.tokens),
        source: row.source,
        createdAt: row.created_at.toISOString(),
      })),
      ...(rows.length > limit ? { nextCursor: page[page.length - 1].message_id } : {}),
    };
  }

  async summary(request: RewardSummaryRequest): Promise<RewardSummary> {
    const [balance, devices] = await Promise.all([this.balance(request.ownerId), this.rewards.byDevice(request.ownerId)]);
    return {
      balance,
      byDevice: devices.map((row) => ({ deviceId: row.device_id, earned: Number(row.earned), rewardedMessages: row.rewarded })),
    };
  }

  private async balance(ownerId: string): Promise<number> {
    return (await this.ledger.findWallet(this.dataSource.manager, 'reward_wallet', ownerId, REWARD_TOKEN_UNIT))?.balance ?? 0;
  }
}
