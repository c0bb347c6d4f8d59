import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsDateString, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
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
