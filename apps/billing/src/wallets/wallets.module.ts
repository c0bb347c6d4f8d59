import { Module } from '@nestjs/common';
import { AllowancesModule } from '../allowances/allowances.module';
import { LedgerModule } from '../ledger/ledger.module';
import { AdjustCreditsUseCase } from './adjust-credits.use-case';
import { GetBalanceUseCase } from './get-balance.use-case';
import { ListLedgerUseCase } from './list-ledger.use-case';
import { WalletsRepository } from './wallets.repository';
import { WalletsController } from './wallets.controller';
import { WalletBalance } from './wallet-balance';

/** Customer wallets: balance, ledger history, operators' adjustments. */
@Module({
  imports: [LedgerModule, AllowancesModule],
  controllers: [WalletsController],
  providers: [WalletsRepository, WalletBalance, GetBalanceUseCase, ListLedgerUseCase, AdjustCreditsUseCase],
})
export class WalletsModule {}
