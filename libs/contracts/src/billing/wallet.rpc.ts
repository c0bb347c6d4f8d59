import { Type } from 'class-transformer';
import {
  IsArray,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  NotEquals,
  ValidateNested,
} from 'class-validator';
import { PageInfo, PageRequest } from '../auth/auth-views';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';

export const LEDGER_ENTRY_KINDS = ['capture', 'stripe_top_up', 'stripe_refund', 'adjustment', 'reward'] as const;
export type LedgerEntryKind = (typeof LEDGER_ENTRY_KINDS)[number];

export class GetBalanceRequest {
  @IsUUID()
  organizationId: string;
}

/** A customer wallet: `balance` is what it holds, `reserved` is promised to messages in flight, `available` the rest. */
export class BalanceView {
  @IsInt()
  available: number;

  @IsInt()
  reserved: number;

  @IsInt()
  balance: number;

  @IsString()
  currency: string;
}

export class ListLedgerRequest extends PageRequest {
  @IsUUID()
  organizationId: string;

  @IsOptional()
  @IsIn(LEDGER_ENTRY_KINDS)
  kind?: LedgerEntryKind;

  @IsOptional()
  @IsDateString()
  from?: string;

  @IsOptional()
  @IsDateString()
  to?: string;
}

/** One movement of the organization's wallet (its side of a balanced ledger transaction). */
export class LedgerEntryView {
  /** The entry's id, also the page cursor. */
  @IsString()
  id: string;

  @IsUUID()
  transactionId: string;

  @IsIn(LEDGER_ENTRY_KINDS)
  kind: LedgerEntryKind;

  /** Signed minor units: positive credits the wallet. */
  @IsInt()
  amount: number;

  @IsInt()
  balanceAfter: number;

  @IsString()
  currency: string;

  @IsString()
  reference: string;

  @IsOptional()
  @IsString()
  description?: string;

  @IsDateString()
  createdAt: string;
}

export class LedgerPage extends PageInfo {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => LedgerEntryView)
  items: LedgerEntryView[];
}

/** An operator's credit (positive) or debit (negative) of an organization's wallet, audited with their user id. */
export class AdjustCreditsRequest {
  @IsUUID()
  organizationId: string;

  @IsUUID()
  operatorId: string;

  @IsInt()
  @NotEquals(0)
  @Min(-1_000_000_000)
  @Max(1_000_000_000)
  amount: number;

  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;

  /** Makes a retried request harmless: the same key adjusts once. */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  idempotencyKey?: string;
}

export class AdjustmentView {
  @IsUUID()
  transactionId: string;

  @IsInt()
  amount: number;

  @ValidateNested()
  @Type(() => BalanceView)
  balance: BalanceView;
}

/**
 * Errors: `insufficient_funds` (a debit below zero; details `{ shortfall, available, currency }`),
 * `adjustment_conflict` (an idempotency key reused for a different adjustment).
 */
export const GetBalance = defineRpc(RpcType.GetBalance, 1, GetBalanceRequest, BalanceView);
export const ListLedger = defineRpc(RpcType.ListLedger, 1, ListLedgerRequest, LedgerPage);
export const AdjustCredits = defineRpc(RpcType.AdjustCredits, 1, AdjustCreditsRequest, AdjustmentView);
