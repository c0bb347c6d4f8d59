import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RewardSource } from '@zagel/contracts';
import { BillingConfig } from '../config';
import { REWARD_TOKEN_UNIT } from '../ledger/accounts';
import { Ledger } from '../ledger/ledger';
import { RewardsRepository } from './rewards.repository';

export interface RewardOrder {
  messageId: string;
  ownerId: string;
  deviceId?: string;
  organizationId?: string;
  source: RewardSource;
}

/**
 * Credits a phone owner's reward wallet (tokens) against the rewards-expense account for one
 * message. The ledger's unique (reward, message id) makes a second reward of the same message,
 * from a redelivered or a different event, record nothing.
 */
@Injectable()
export class RewardPhoneOwner {
  constructor(
    private readonly ledger: Ledger,
    private readonly rewards: RewardsRepository,
    private readonly settings: BillingConfig,
  ) {}

  /** Runs in the caller's transaction; true if this call rewarded the message. */
  async rewardIn(manager: EntityManager, order: RewardOrder): Promise<boolean> {
    const tokens = this.settings.REWARD_TOKENS_PER_SMS;
    if (tokens <= 0) return false;
    const expenseId = await this.ledger.platformAccount('rewards_expense', REWARD_TOKEN_UNIT);
    const walletId = await this.ledger.wallet(manager, 'reward_wallet', order.ownerId, REWARD_TOKEN_UNIT);
    const transactionId = await this.ledger.post(manager, {
      kind: 'reward',
      reference: order.messageId,
      organizationId: order.organizationId,
      description: order.source === 'otp_verified' ? 'verified OTP' : 'delivered message',
      entries: [
        { accountId: walletId, amount: tokens },
        { accountId: expenseId, amount: -tokens },
      ],
    });
    if (!transactionId) return false;
    await this.rewards.insert(manager, { ...order, tokens, transactionId });
    return true;
  }
}
