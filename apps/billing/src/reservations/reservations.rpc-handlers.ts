import { Injectable, OnModuleInit } from '@nestjs/common';
import { CaptureReservation, ReleaseReservation, ReserveBalance, ReserveMany } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { ReserveBalanceUseCase } from './reserve-balance.use-case';
import { ReserveManyUseCase } from './reserve-many.use-case';
import { SettleReservation } from './settle-reservation';

@Injectable()
export class ReservationsRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly reserve: ReserveBalanceUseCase,
    private readonly reserveMany: ReserveManyUseCase,
    private readonly settle: SettleReservation,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(ReserveBalance, (request) => this.reserve.execute(request));
    this.bus.rpc.handle(ReserveMany, (request) => this.reserveMany.execute(request));
    this.bus.rpc.handle(CaptureReservation, (request) => this.settle.capture(request));
    this.bus.rpc.handle(ReleaseReservation, (request) => this.settle.release(request.organizationId, request.reference));
  }
}
