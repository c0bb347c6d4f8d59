import { Module } from '@nestjs/common';
import { Ledger } from './ledger';
import { LowBalanceWatch } from './low-balance-watch';

/** The double-entry ledger and the low-balance announcement, shared by every billing feature. */
@Module({ providers: [Ledger, LowBalanceWatch], exports: [Ledger, LowBalanceWatch] })
export class LedgerModule {}
