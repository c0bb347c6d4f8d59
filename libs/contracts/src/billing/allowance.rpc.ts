import { IsBoolean, IsDateString, IsInt, IsOptional, IsString, IsUUID, Min } from 'class-validator';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';

/** Asks billing for a block of prepaid allowance: held on the wallet in the ledger, then made spendable in Redis. */
export class GrantAllowanceRequest {
  @IsUUID()
  organizationId: string;

  /** Minor units wanted; billing's block size when absent. Billing grants less when the wallet has less available. */
  @IsOptional()
  @IsInt()
  @Min(1)
  amount?: number;
}

export class AllowanceGrant {
  @IsUUID()
  allowanceId: string;

  @IsUUID()
  organizationId: string;

  /** What this call added to the allowance, minor units. */
  @IsInt()
  granted: number;

  /** False when Redis could not be credited: the block stays held and returns to the wallet when the allowance closes. */
  @IsBoolean()
  credited: boolean;

  @IsString()
  currency: string;

  @IsDateString()
  expiresAt: string;
}

export class CloseAllowanceRequest {
  @IsUUID()
  organizationId: string;
}

/** What closing an organization's allowance settled: what was spent is captured, the rest returned to the wallet. */
export class AllowanceClosed {
  @IsUUID()
  organizationId: string;

  /** Absent when the organization had no open allowance. */
  @IsOptional()
  @IsUUID()
  allowanceId?: string;

  @IsInt()
  captured: number;

  @IsInt()
  returned: number;
}

/**
 * The prepaid allowance (see PrepaidAllowance in libs/billing-client): `grant-allowance` holds a
 * block on the wallet and credits it in Redis (errors: `insufficient_funds`); `close-allowance`
 * captures what was spent and returns the rest.
 */
export const GrantAllowance = defineRpc(RpcType.GrantAllowance, 1, GrantAllowanceRequest, AllowanceGrant);
export const CloseAllowance = defineRpc(RpcType.CloseAllowance, 1, CloseAllowanceRequest, AllowanceClosed);
