import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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

/**
 * A customer wallet: `balance` is what it holds, `reserved` is promised to messages in flight,
 * `available` the rest (`balance` = `available` + `reserved`); `allowance` is the part of `available`
 * set aside for verification codes (the prepaid allowance, not spent yet).
 */
export class BalanceView {
  @ApiProperty({ example: 9_900, description: 'Minor units spendable now (the allowance included).' })
  @IsInt()
  available: number;

  @ApiProperty({ example: 100, description: 'Held for messages in flight.' })
  @IsInt()
  reserved: number;

  @ApiPropertyOptional({
    example: 500,
    description:
      'The part of available set aside for verification codes (the prepaid allowance) and not spent yet; present while the organization has an allowance open. A code spends it without waiting for the ledger; a reservation that does not fit beside it takes it back.',
  })
  @IsOptional()
  @IsInt()
  allowance?: number;

  @ApiProperty({ example: 10_000 })
  @IsInt()
  balance: number;

  @ApiProperty({ example: 'USD' })
  @IsString()
  currency: string;
}

export class ListLedgerRequest extends PageRequest {
  @IsUUID()
  organizationId: string;

  @ApiPropertyOptional({ enum: LEDGER_ENTRY_KINDS, example: 'capture' })
  @IsOptional()
  @IsIn(LEDGER_ENTRY_KINDS)
  kind?: LedgerEntryKind;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-11-01T00:00:00Z', description: 'Entries at or after this time.' })
  @IsOptional()
  @IsDateString()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-12-01T00:00:00Z', description: 'Entries before this time.' })
  @IsOptional()
  @IsDateString()
  to?: string;
}

/** One movement of the organization's wallet (its side of a balanced ledger transaction). */
export class LedgerEntryView {
  /** The entry's id, also the page cursor. */
  @ApiProperty({ example: '1042', description: 'Also the page cursor.' })
  @IsString()
  id: string;

  @ApiProperty({ format: 'uuid', example: '0190a6f2-7c3e-7abc-8def-0123456789f0' })
  @IsUUID()
  transactionId: string;

  @ApiProperty({ enum: LEDGER_ENTRY_KINDS, example: 'capture' })
  @IsIn(LEDGER_ENTRY_KINDS)
  kind: LedgerEntryKind;

  /** Signed minor units: positive credits the wallet. */
  @ApiProperty({ example: -6, description: 'Signed minor units; positive credits the wallet.' })
  @IsInt()
  amount: number;

  @ApiProperty({ example: 9_994 })
  @IsInt()
  balanceAfter: number;

  @ApiProperty({ example: 'USD' })
  @IsString()
  currency: string;

  @ApiProperty({ example: '0190a6f2-7c3e-7abc-8def-0123456789c0', description: 'What the movement is for: a message, a Checkout Session, an adjustment.' })
  @IsString()
  reference: string;

  @ApiPropertyOptional({ example: 'SMS to +14155550123' })
  @IsOptional()
  @IsString()
  description?: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:00.000Z' })
  @IsDateString()
  createdAt: string;
}

export class LedgerPage extends PageInfo {
  @ApiProperty({ type: () => [LedgerEntryView] })
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

  @ApiProperty({ minimum: -1_000_000_000, maximum: 1_000_000_000, example: 5_000, description: 'Signed minor units, not 0: positive credits, negative debits.' })
  @IsInt()
  @NotEquals(0)
  @Min(-1_000_000_000)
  @Max(1_000_000_000)
  amount: number;

  @ApiProperty({ minLength: 1, maxLength: 500, example: 'goodwill credit for the outage of 2026-11-28' })
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
  @ApiProperty({ format: 'uuid', example: '0190a6f2-7c3e-7abc-8def-0123456789f1' })
  @IsUUID()
  transactionId: string;

  @ApiProperty({ example: 5_000 })
  @IsInt()
  amount: number;

  @ApiProperty({ type: () => BalanceView })
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
