import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { PricesModule } from '../prices/prices.module';
import { AllowanceCharges } from './allowance-charges';
import { AllowanceSettler } from './allowance-settler';
import { AllowancesController } from './allowances.controller';
import { AllowancesRepository } from './allowances.repository';
import { CloseAllowanceUseCase } from './close-allowance.use-case';
import { GrantAllowanceUseCase } from './grant-allowance.use-case';
import { SettleAllowance } from './settle-allowance';

/** Prepaid allowances: blocks of a wallet held in the ledger and spent from Redis, settled in batches. */
@Module({
  imports: [LedgerModule, PricesModule],
  controllers: [AllowancesController],
  providers: [AllowancesRepository, SettleAllowance, GrantAllowanceUseCase, CloseAllowanceUseCase, AllowanceSettler, AllowanceCharges],
  exports: [AllowancesRepository, AllowanceCharges, CloseAllowanceUseCase],
})
export class AllowancesModule {}
