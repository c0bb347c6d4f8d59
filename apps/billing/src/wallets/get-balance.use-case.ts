import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BalanceView, GetBalanceRequest } from '@zagel/contracts';
import { BillingConfig } from '../config';
import { AccountState } from '../ledger/accounts';
import { Ledger } from '../ledger/ledger';

export function toBalanceView(wallet: AccountState | undefined, currency: string): BalanceView {
  const balance = wallet?.balance ?? 0;
  const reserved = wallet?.reserved ?? 0;
  return { available: balance - reserved, reserved, balance, currency };
}

@Injectable()
export class GetBalanceUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: Ledger,
    private readonly settings: BillingConfig,
  ) {}

  async execute(request: GetBalanceRequest): Promise<BalanceView> {
    const currency = this.settings.BILLING_CURRENCY;
    const wallet = await this.ledger.findWallet(this.dataSource.manager, 'customer_wallet', request.organizationId, currency);
    return toBalanceView(wallet, currency);
  }
}
