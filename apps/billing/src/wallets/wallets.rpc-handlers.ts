import { Injectable, OnModuleInit } from '@nestjs/common';
import { AdjustCredits, GetBalance, ListLedger } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { AdjustCreditsUseCase } from './adjust-credits.use-case';
import { GetBalanceUseCase } from './get-balance.use-case';
import { ListLedgerUseCase } from './list-ledger.use-case';

@Injectable()
export class WalletsRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly balance: GetBalanceUseCase,
    private readonly ledger: ListLedgerUseCase,
    private readonly adjust: AdjustCreditsUseCase,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(GetBalance, (request) => this.balance.execute(request));
    this.bus.rpc.handle(ListLedger, (request) => this.ledger.execute(request));
    this.bus.rpc.handle(AdjustCredits, (request) => this.adjust.execute(request));
  }
}
