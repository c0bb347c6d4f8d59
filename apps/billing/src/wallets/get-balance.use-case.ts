import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BalanceView, GetBalanceRequest } from '@zagel/contracts';
import { BillingConfig } from '../config';
import { Ledger } from '../ledger/ledger';
import { WalletBalance } from './wallet-balance';

@Injectable()
export class GetBalanceUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: Ledger,
    private readonly walletBalance: WalletBalance,
    private readonly settings: BillingConfig,
  ) {}

  async execute(request: GetBalanceRequest): Promise<BalanceView> {
    const currency = this.settings.BILLING_CURRENCY;
    const manager = this.dataSource.manager;
    const wallet = await this.ledger.findWallet(manager, 'customer_wallet', request.organizationId, currency);
    return this.walletBalance.view(manager, request.organizationId, wallet, currency);
  }
}
