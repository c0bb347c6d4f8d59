import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AdjustCredits,
  AdjustCreditsRequest,
  GetBalance,
  GetBalanceRequest,
  ListLedger,
  ListLedgerRequest,
} from '@zagel/contracts';
import { AdjustCreditsUseCase } from './adjust-credits.use-case';
import { GetBalanceUseCase } from './get-balance.use-case';
import { ListLedgerUseCase } from './list-ledger.use-case';

@Controller()
export class WalletsController {
  constructor(
    private readonly balance: GetBalanceUseCase,
    private readonly ledger: ListLedgerUseCase,
    private readonly adjust: AdjustCreditsUseCase,
  ) {}

  @MessagePattern(GetBalance.type)
  getBalance(@Payload() request: GetBalanceRequest) {
    return this.balance.execute(request);
  }

  @MessagePattern(ListLedger.type)
  listLedger(@Payload() request: ListLedgerRequest) {
    return this.ledger.execute(request);
  }

  @MessagePattern(AdjustCredits.type)
  adjustCredits(@Payload() request: AdjustCreditsRequest) {
    return this.adjust.execute(request);
  }
}
