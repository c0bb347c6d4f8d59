import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { AdjustCreditsUseCase } from './adjust-credits.use-case';
import { GetBalanceUseCase } from './get-balance.use-case';
import { ListLedgerUseCase } from './list-ledger.use-case';
import { WalletsRepository } from './wallets.repository';
import { WalletsController } from './wallets.controller';

/** Customer wallets: balance, ledger history, operators' adjustments. */
@Module({
  imports: [LedgerModule],
  controllers: [WalletsController],
  providers: [WalletsRepository, GetBalanceUseCase, ListLedgerUseCase, AdjustCreditsUseCase],
})
export class WalletsModule {}
