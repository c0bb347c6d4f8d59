import { IsDateString, IsInt, IsString, IsUUID, Min } from 'class-validator';
import { defineEvent } from '../contract';
import { EventType } from '../routing-keys';

/** A wallet's available balance fell below the configured threshold (once per crossing; it re-arms when topped up above it). */
export class LowBalancePayload {
  @IsUUID()
  organizationId: string;

  /** Minor units spendable now (balance minus reserved). */
  @IsInt()
  available: number;

  @IsInt()
  @Min(0)
  reserved: number;

  @IsInt()
  @Min(0)
  threshold: number;

  @IsString()
  currency: string;

  @IsDateString()
  at: string;
}

export const BillingLowBalance = defineEvent(EventType.BillingLowBalance, 1, LowBalancePayload);
