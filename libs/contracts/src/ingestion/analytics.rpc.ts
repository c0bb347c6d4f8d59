import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsDateString, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';

export const ANALYTICS_GROUPINGS = ['day', 'country', 'route', 'type'] as const;
export type AnalyticsGrouping = (typeof ANALYTICS_GROUPINGS)[number];

export class AnalyticsSummaryRequest {
  @IsUUID()
  organizationId: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-01T00:00:00Z', description: 'Messages created at or after.' })
  @IsDateString()
  from: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-01T00:00:00Z', description: 'Messages created before.' })
  @IsDateString()
  to: string;

  @ApiPropertyOptional({ enum: ANALYTICS_GROUPINGS, example: 'day' })
  @IsOptional()
  @IsIn(ANALYTICS_GROUPINGS)
  groupBy?: AnalyticsGrouping;
}

export class AnalyticsFigures {
  @ApiProperty({ example: 1200 })
  @IsInt()
  messages: number;

  /** Messages that reached the network (sent, delivered or undelivered). */
  @ApiProperty({ example: 1180, description: 'Reached the network (sent, delivered or undelivered).' })
  @IsInt()
  sent: number;

  @ApiProperty({ example: 1150 })
  @IsInt()
  delivered: number;

  /** Failed or undelivered. */
  @ApiProperty({ example: 30, description: 'Failed or undelivered.' })
  @IsInt()
  failed: number;

  /** delivered / sent, 0 when nothing was sent. */
  @ApiProperty({ example: 0.9746, description: 'delivered / sent; 0 when nothing was sent.' })
  @IsNumber()
  deliveryRate: number;

  @ApiProperty({ example: 1310 })
  @IsInt()
  segments: number;

  /** Price of the messages not canceled, expired or failed before sending, minor units. */
  @ApiProperty({ example: 7860, description: 'Minor units: messages not canceled, expired or failed before sending.' })
  @IsInt()
  cost: number;

  @ApiProperty({ example: 400 })
  @IsInt()
  otpSent: number;

  @ApiProperty({ example: 352 })
  @IsInt()
  otpVerified: number;

  /** otpVerified / otpSent. */
  @ApiProperty({ example: 0.88, description: 'otpVerified / otpSent.' })
  @IsNumber()
  otpConversionRate: number;
}

export class AnalyticsGroup extends AnalyticsFigures {
  @ApiProperty({ example: '2026-11-23', description: 'The day, country, route or type of the row.' })
  @IsString()
  key: string;
}

export class AnalyticsSummary {
  @ApiProperty({ format: 'date-time', example: '2026-11-01T00:00:00.000Z' })
  @IsDateString()
  from: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-01T00:00:00.000Z' })
  @IsDateString()
  to: string;

  @ApiProperty({ example: 'USD' })
  @IsString()
  currency: string;

  @ApiProperty({ type: () => AnalyticsFigures })
  @ValidateNested()
  @Type(() => AnalyticsFigures)
  totals: AnalyticsFigures;

  @ApiPropertyOptional({ enum: ANALYTICS_GROUPINGS, example: 'day' })
  @IsOptional()
  @IsIn(ANALYTICS_GROUPINGS)
  groupBy?: AnalyticsGrouping;

  @ApiProperty({ type: () => [AnalyticsGroup], description: 'One row per day, country, route or type with groupBy; empty without.' })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AnalyticsGroup)
  groups: AnalyticsGroup[];
}

export const GetAnalyticsSummary = defineRpc(RpcType.GetAnalyticsSummary, 1, AnalyticsSummaryRequest, AnalyticsSummary);

/** Platform-wide: messages accepted (stored by ingestion, every organization) over the last `windowSeconds`. */
export class PlatformMessageRateRequest {
  @ApiPropertyOptional({ minimum: 60, maximum: 3600, default: 300, description: 'How far back, in seconds.' })
  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(3600)
  windowSeconds?: number;
}

export class MessageRateSample {
  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:00.000Z', description: 'Start of the bucket.' })
  @IsDateString()
  at: string;

  @ApiProperty({ example: 12.5, description: 'Messages accepted per second over the bucket.' })
  @IsNumber()
  perSecond: number;
}

export class PlatformMessageRate {
  @ApiProperty({ example: 300 })
  @IsInt()
  windowSeconds: number;

  @ApiProperty({ example: 10, description: 'Width of each sample.' })
  @IsInt()
  bucketSeconds: number;

  @ApiProperty({ example: 1234, description: 'Messages accepted over the whole window.' })
  @IsInt()
  messages: number;

  @ApiProperty({ example: 4.11, description: 'Messages accepted per second, averaged over the window.' })
  @IsNumber()
  perSecond: number;

  @ApiProperty({ type: () => [MessageRateSample], description: 'One sample per bucket, oldest first; every bucket of the window, empty ones at 0.' })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => MessageRateSample)
  samples: MessageRateSample[];
}

export const GetPlatformMessageRate = defineRpc(RpcType.GetPlatformMessageRate, 1, PlatformMessageRateRequest, PlatformMessageRate);
