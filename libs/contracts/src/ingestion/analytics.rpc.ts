import { Type } from 'class-transformer';
import { IsArray, IsDateString, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';

export const ANALYTICS_GROUPINGS = ['day', 'country', 'route', 'type'] as const;
export type AnalyticsGrouping = (typeof ANALYTICS_GROUPINGS)[number];

export class AnalyticsSummaryRequest {
  @IsUUID()
  organizationId: string;

  @IsDateString()
  from: string;

  @IsDateString()
  to: string;

  @IsOptional()
  @IsIn(ANALYTICS_GROUPINGS)
  groupBy?: AnalyticsGrouping;
}

export class AnalyticsFigures {
  @IsInt()
  messages: number;

  /** Messages that reached the network (sent, delivered or undelivered). */
  @IsInt()
  sent: number;

  @IsInt()
  delivered: number;

  /** Failed or undelivered. */
  @IsInt()
  failed: number;

  /** delivered / sent, 0 when nothing was sent. */
  @IsNumber()
  deliveryRate: number;

  @IsInt()
  segments: number;

  /** Price of the messages not canceled, expired or failed before sending, minor units. */
  @IsInt()
  cost: number;

  @IsInt()
  otpSent: number;

  @IsInt()
  otpVerified: number;

  /** otpVerified / otpSent. */
  @IsNumber()
  otpConversionRate: number;
}

export class AnalyticsGroup extends AnalyticsFigures {
  @IsString()
  key: string;
}

export class AnalyticsSummary {
  @IsDateString()
  from: string;

  @IsDateString()
  to: string;

  @IsString()
  currency: string;

  @ValidateNested()
  @Type(() => AnalyticsFigures)
  totals: AnalyticsFigures;

  @IsOptional()
  @IsIn(ANALYTICS_GROUPINGS)
  groupBy?: AnalyticsGrouping;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AnalyticsGroup)
  groups: AnalyticsGroup[];
}

export const GetAnalyticsSummary = defineRpc(RpcType.GetAnalyticsSummary, 1, AnalyticsSummaryRequest, AnalyticsSummary);
