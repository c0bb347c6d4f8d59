import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { PageInfo, PageRequest } from '../auth/auth-views';
import { defineEvent, defineRpc } from '../contract';
import { EventType, RpcType } from '../routing-keys';

export class OrganizationRef {
  @IsUUID()
  organizationId: string;
}

export class PutWebhookSettingsRequest {
  @IsUUID()
  organizationId: string;

  /** The default status-callback URL; null removes it. */
  @IsOptional()
  @IsString()
  @MaxLength(2_048)
  url?: string | null;
}

export class DisabledEndpointView {
  @IsString()
  url: string;

  @IsDateString()
  disabledAt: string;

  @IsInt()
  consecutiveFailures: number;
}

export class WebhookSettingsView {
  @IsOptional()
  @IsString()
  url?: string;

  @IsIn(['active', 'disabled', 'none'])
  status: 'active' | 'disabled' | 'none';

  /** Shown only when the secret is first created or rotated. */
  @IsOptional()
  @IsString()
  secret?: string;

  @IsBoolean()
  hasSecret: boolean;

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

  @IsOptional()
  @IsUUID()
  messageId?: string;

  @IsOptional()
  @IsIn(WEBHOOK_DELIVERY_STATUSES)
  status?: WebhookDeliveryStatus;
}

export class WebhookDeliveryView {
  @IsUUID()
  id: string;

  @IsOptional()
  @IsUUID()
  messageId?: string;

  @IsString()
  url: string;

  @IsString()
  event: string;

  @IsIn(WEBHOOK_DELIVERY_STATUSES)
  status: WebhookDeliveryStatus;

  @IsInt()
  attempts: number;

  @IsOptional()
  @IsInt()
  lastStatusCode?: number;

  @IsOptional()
  @IsString()
  lastError?: string;

  @IsOptional()
  @IsDateString()
  nextAttemptAt?: string;

  @IsDateString()
  createdAt: string;

  @IsOptional()
  @IsDateString()
  deliveredAt?: string;
}

export class WebhookDeliveryPage extends PageInfo {
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
