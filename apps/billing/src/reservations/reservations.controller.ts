import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CaptureReservation,
  CaptureReservationRequest,
  ReleaseReservation,
  ReleaseReservationRequest,
  ReserveBalance,
  ReserveBalanceRequest,
  ReserveMany,
  ReserveManyRequest,
} from '@zagel/contracts';
import { ReserveBalanceUseCase } from './reserve-balance.use-case';
import { ReserveManyUseCase } from './reserve-many.use-case';
import { SettleReservation } from './settle-reservation';

@Controller()
export class ReservationsController {
  constructor(
    private readonly reserve: ReserveBalanceUseCase,
    private readonly reserveManyUseCase: ReserveManyUseCase,
    private readonly settle: SettleReservation,
  ) {}

  @MessagePattern(ReserveBalance.type)
  reserveBalance(@Payload() request: ReserveBalanceRequest) {
    return this.reserve.execute(request);
  }

  @MessagePattern(ReserveMany.type)
  reserveMany(@Payload() request: ReserveManyRequest) {
    return this.reserveManyUseCase.execute(request);
  }

  @MessagePattern(CaptureReservation.type)
  captureReservation(@Payload() request: CaptureReservationRequest) {
    return this.settle.capture(request);
  }

  @MessagePattern(ReleaseReservation.type)
  releaseReservation(@Payload() request: ReleaseReservationRequest) {
    return this.settle.release(request.organizationId, request.reference);
  }
}
