import { Module } from '@nestjs/common';
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
  imports: [LedgerModule, PricesModule],
  controllers: [ReservationsController],
  providers: [ReservationsRepository, ReserveBalanceUseCase, ReserveManyUseCase, SettleReservation, ReservationSweeper],
  exports: [ReservationsRepository, SettleReservation],
})
export class ReservationsModule {}
