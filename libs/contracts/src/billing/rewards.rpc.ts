import { Type } from 'class-transformer';
import { IsArray, IsDateString, IsIn, IsInt, IsOptional, IsUUID, Min, ValidateNested } from 'class-validator';
import { PageInfo, PageRequest } from '../auth/auth-views';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';

export const REWARD_SOURCES = ['otp_verified', 'delivered'] as const;
export type RewardSource = (typeof REWARD_SOURCES)[number];

/** Tokens a phone owner earned for one message their phone carried. */
export class RewardView {
  @IsUUID()
  messageId: string;

  @IsOptional()
  @IsUUID()
  deviceId?: string;

  @IsInt()
  @Min(1)
  tokens: number;

  @IsIn(REWARD_SOURCES)
  source: RewardSource;

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
  @IsInt()
  balance: number;

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
