import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CloseAllowance, CloseAllowanceRequest, GrantAllowance, GrantAllowanceRequest } from '@zagel/contracts';
import { CloseAllowanceUseCase } from './close-allowance.use-case';
import { GrantAllowanceUseCase } from './grant-allowance.use-case';

@Controller()
export class AllowancesController {
  constructor(
    private readonly grant: GrantAllowanceUseCase,
    private readonly close: CloseAllowanceUseCase,
  ) {}

  @MessagePattern(GrantAllowance.type)
  grantAllowance(@Payload() request: GrantAllowanceRequest) {
    return this.grant.execute(request);
  }

  @MessagePattern(CloseAllowance.type)
  closeAllowance(@Payload() request: CloseAllowanceRequest) {
    return this.close.execute(request);
  }
}
