import { Injectable } from '@nestjs/common';
import { ListRewardsRequest, RewardPage } from '@zagel/contracts';
import { BillingConfig } from '../config';
import { PendingRewards } from './pending-rewards';
import { RewardBalance } from './reward-balance';
import { RewardsRepository } from './rewards.repository';

const DEFAULT_PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A phone owner's reward balance and history, newest first. */
@Injectable()
export class ListRewardsUseCase {
  constructor(
    private readonly balance: RewardBalance,
    private readonly rewards: RewardsRepository,
    private readonly pending: PendingRewards,
    private readonly settings: BillingConfig,
  ) {}

  async execute(request: ListRewardsRequest): Promise<RewardPage> {
    const limit = request.limit ?? DEFAULT_PAGE_SIZE;
    const before = request.cursor && UUID.test(request.cursor) ? request.cursor : undefined;
    const [balance, rows, pending] = await Promise.all([
      this.balance.of(request.ownerId),
      this.rewards.list(request.ownerId, limit + 1, before),
      this.pending.countPending(request.ownerId),
    ]);
    const page = rows.slice(0, limit);
    return {
      balance,
      pendingTokens: pending * Math.max(0, this.settings.REWARD_TOKENS_PER_SMS),
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
}
