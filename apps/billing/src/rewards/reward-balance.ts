import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { REWARD_TOKEN_UNIT } from '../ledger/accounts';
import { Ledger } from '../ledger/ledger';

/** A phone owner's reward tokens now; 0 before the first reward. */
@Injectable()
export class RewardBalance {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: Ledger,
  ) {}

  async of(ownerId: string): Promise<number> {
    return (await this.ledger.findWallet(this.dataSource.manager, 'reward_wallet', ownerId, REWARD_TOKEN_UNIT))?.balance ?? 0;
  }
}
