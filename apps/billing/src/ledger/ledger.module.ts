import { Module } from '@nestjs/common';
import { Ledger } from './ledger';
import { LedgerAudit } from './ledger-audit';
import { LowBalanceWatch } from './low-balance-watch';

/** The double-entry ledger, its audit and the low-balance announcement, shared by every billing feature. */
@Module({ providers: [Ledger, LowBalanceWatch, LedgerAudit], exports: [Ledger, LowBalanceWatch] })
export class LedgerModule {}
