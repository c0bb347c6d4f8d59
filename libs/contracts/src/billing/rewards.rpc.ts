import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsDateString, IsIn, IsInt, IsOptional, IsUUID, Min, ValidateNested } from 'class-validator';
import { PageInfo, PageRequest } from '../auth/auth-views';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';

export const REWARD_SOURCES = ['otp_verified', 'delivered'] as const;
export type RewardSource = (typeof REWARD_SOURCES)[number];

/** Tokens a phone owner earned for one message their phone carried. */
export class RewardView {
  @ApiProperty({ format: 'uuid', example: '0190a6f2-7c3e-7abc-8def-0123456789c0' })
  @IsUUID()
  messageId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The phone that carried the message.' })
  @IsOptional()
  @IsUUID()
  deviceId?: string;

  @ApiProperty({ minimum: 1, example: 1 })
  @IsInt()
  @Min(1)
  tokens: number;

  @ApiProperty({ enum: REWARD_SOURCES, example: 'otp_verified' })
  @IsIn(REWARD_SOURCES)
  source: RewardSource;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:00.000Z' })
  @IsDateString()
  createdAt: string;
}

export class ListRewardsRequest extends PageRequest {
  /** The phone owner (a user id). */
  @IsUUID()
  ownerId: string;
}

export class RewardPage extends PageInfo {
  /** Tokens in the owner's reward wallet. */
  @ApiProperty({ example: 42, description: 'Reward tokens in the wallet.' })
  @IsInt()
  balance: number;

  /**
   * Tokens for messages the owner's phones reported sent but no canary has proven yet: paid when the
   * phone next passes a canary, held while it is quarantined, forfeited if it is banned.
   */
  @ApiPropertyOptional({ example: 3, description: 'Tokens awaiting proof (paid when the phone next passes a canary; held while quarantined; forfeited on a ban).' })
  @IsOptional()
  @IsInt()
  pendingTokens?: number;

  @ApiProperty({ type: () => [RewardView] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RewardView)
  items: RewardView[];
}

export class RewardSummaryRequest {
  @IsUUID()
  ownerId: string;
}

export class DeviceEarnings {
  @IsUUID()
  deviceId: string;

  @IsInt()
  earned: number;

  @IsInt()
  rewardedMessages: number;
}

export class RewardSummary {
  @IsInt()
  balance: number;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DeviceEarnings)
  byDevice: DeviceEarnings[];
}

export const ListRewards = defineRpc(RpcType.ListRewards, 1, ListRewardsRequest, RewardPage);
export const GetRewardSummary = defineRpc(RpcType.RewardSummary, 1, RewardSummaryRequest, RewardSummary);
