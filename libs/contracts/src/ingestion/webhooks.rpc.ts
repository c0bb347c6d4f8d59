import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { PageInfo, PageRequest } from '../auth/auth-views';
import { defineEvent, defineRpc } from '../contract';
import { EventType, RpcType } from '../routing-keys';
import { ValidatedWhen } from '../validation/payload-schema';

export class OrganizationRef {
  @IsUUID()
  organizationId: string;
}

export class PutWebhookSettingsRequest {
  @IsUUID()
  organizationId: string;

  /** The default status-callback URL; null removes it. Always given, so a forgotten field removes nothing. */
  @ApiProperty({ type: String, nullable: true, maxLength: 2_048, example: 'https://example.com/zagel/status', description: 'null removes the default endpoint.' })
  @ValidateIf((_request: PutWebhookSettingsRequest, url: unknown) => url !== null)
  @ValidatedWhen({ not: { required: ['url'], properties: { url: { type: 'null' } } } })
  @IsString()
  @MaxLength(2_048)
  url: string | null;
}

export class DisabledEndpointView {
  @ApiProperty({ example: 'https://example.com/zagel/status' })
  @IsString()
  url: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:00.000Z' })
  @IsDateString()
  disabledAt: string;

  @ApiProperty({ example: 50 })
  @IsInt()
  consecutiveFailures: number;
}

export class WebhookSettingsView {
  @ApiPropertyOptional({ example: 'https://example.com/zagel/status' })
  @IsOptional()
  @IsString()
  url?: string;

  @ApiProperty({ enum: ['active', 'disabled', 'none'], example: 'active' })
  @IsIn(['active', 'disabled', 'none'])
  status: 'active' | 'disabled' | 'none';

  /** Shown only when the secret is first created or rotated. */
  @ApiPropertyOptional({ example: 'whsec_3q2-7wKx...', description: 'Shown only when first set and when rotated.' })
  @IsOptional()
  @IsString()
  secret?: string;

  @ApiProperty({ example: true })
  @IsBoolean()
  hasSecret: boolean;

  @ApiProperty({ type: () => [DisabledEndpointView] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DisabledEndpointView)
  disabledEndpoints: DisabledEndpointView[];
}

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'skipped'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

export class ListWebhookDeliveriesRequest extends PageRequest {
  @IsUUID()
  organizationId: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  messageId?: string;

  @ApiPropertyOptional({ enum: WEBHOOK_DELIVERY_STATUSES, example: 'failed' })
  @IsOptional()
  @IsIn(WEBHOOK_DELIVERY_STATUSES)
  status?: WebhookDeliveryStatus;
}

export class WebhookDeliveryView {
  @ApiProperty({ format: 'uuid', example: '0190a6f2-7c3e-7abc-8def-0123456789e0' })
  @IsUUID()
  id: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  messageId?: string;

  @ApiProperty({ example: 'https://example.com/zagel/status' })
  @IsString()
  url: string;

  @ApiProperty({ example: 'message.status', description: 'message.status, verification.status, message.received, or an organization notice: billing.low_balance, webhook.endpoint_disabled.' })
  @IsString()
  event: string;

  @ApiProperty({ enum: WEBHOOK_DELIVERY_STATUSES, example: 'delivered' })
  @IsIn(WEBHOOK_DELIVERY_STATUSES)
  status: WebhookDeliveryStatus;

  @ApiProperty({ example: 1 })
  @IsInt()
  attempts: number;

  @ApiPropertyOptional({ example: 200 })
  @IsOptional()
  @IsInt()
  lastStatusCode?: number;

  @ApiPropertyOptional({ example: 'connect ECONNREFUSED' })
  @IsOptional()
  @IsString()
  lastError?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateString()
  nextAttemptAt?: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:00.000Z' })
  @IsDateString()
  createdAt: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateString()
  deliveredAt?: string;
}

export class WebhookDeliveryPage extends PageInfo {
  @ApiProperty({ type: () => [WebhookDeliveryView] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => WebhookDeliveryView)
  items: WebhookDeliveryView[];
}

/** A customer endpoint that kept failing and gets no more callbacks until its owner saves it again. */
export class WebhookEndpointDisabledPayload {
  @IsUUID()
  organizationId: string;

  @IsString()
  url: string;

  @IsInt()
  consecutiveFailures: number;

  @IsDateString()
  failingSince: string;

  @IsDateString()
  at: string;
}

export const GetWebhookSettings = defineRpc(RpcType.GetWebhookSettings, 1, OrganizationRef, WebhookSettingsView);
export const PutWebhookSettings = defineRpc(RpcType.PutWebhookSettings, 1, PutWebhookSettingsRequest, WebhookSettingsView);
export const RotateWebhookSecret = defineRpc(RpcType.RotateWebhookSecret, 1, OrganizationRef, WebhookSettingsView);
export const ListWebhookDeliveries = defineRpc(RpcType.ListWebhookDeliveries, 1, ListWebhookDeliveriesRequest, WebhookDeliveryPage);
export const WebhookEndpointDisabled = defineEvent(EventType.WebhookEndpointDisabled, 1, WebhookEndpointDisabledPayload);
