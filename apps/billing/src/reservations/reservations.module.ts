import { Module } from '@nestjs/common';
import { AllowancesModule } from '../allowances/allowances.module';
import { LedgerModule } from '../ledger/ledger.module';
import { PricesModule } from '../prices/prices.module';
import { ReservationSweeper } from './reservation-sweeper';
import { ReservationsRepository } from './reservations.repository';
import { ReservationsController } from './reservations.controller';
import { ReserveBalanceUseCase } from './reserve-balance.use-case';
import { ReserveManyUseCase } from './reserve-many.use-case';
import { SettleReservation } from './settle-reservation';

/** Holds on customer wallets for messages about to be sent: reserve, capture, release, expiry. */
@Module({
  imports: [LedgerModule, PricesModule, AllowancesModule],
  controllers: [ReservationsController],
  providers: [ReservationsRepository, ReserveBalanceUseCase, ReserveManyUseCase, SettleReservation, ReservationSweeper],
  exports: [ReservationsRepository, SettleReservation],
})
export class ReservationsModule {}
