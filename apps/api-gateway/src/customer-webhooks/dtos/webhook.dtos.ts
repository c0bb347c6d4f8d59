import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { WEBHOOK_DELIVERY_STATUSES, WebhookDeliveryStatus } from '@zagel/contracts';
import { PageQuery } from '../../api-keys/dtos/api-key.dtos';

export class PutWebhookSettingsBody {
  @ApiProperty({ example: 'https://example.com/zagel/status', nullable: true, description: 'null removes the default endpoint' })
  @ValidateIf((_body, value) => value !== null)
  @IsString()
  @MaxLength(2_048)
  url: string | null;
}

export class ListWebhookDeliveriesQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  messageId?: string;

  @ApiPropertyOptional({ enum: WEBHOOK_DELIVERY_STATUSES })
  @IsOptional()
  @IsIn(WEBHOOK_DELIVERY_STATUSES)
  status?: WebhookDeliveryStatus;
}

export class DisabledEndpointResponse {
  @ApiProperty() url: string;
  @ApiProperty() disabledAt: string;
  @ApiProperty() consecutiveFailures: number;
}

export class WebhookSettingsResponse {
  @ApiPropertyOptional() url?: string;
  @ApiProperty({ enum: ['active', 'disabled', 'none'] }) status: string;
  @ApiPropertyOptional({ description: 'Shown only when first set and when rotated' }) secret?: string;
  @ApiProperty() hasSecret: boolean;
  @ApiProperty({ type: [DisabledEndpointResponse] }) disabledEndpoints: DisabledEndpointResponse[];
}

export class WebhookDeliveryResponse {
  @ApiProperty() id: string;
  @ApiPropertyOptional() messageId?: string;
  @ApiProperty() url: string;
  @ApiProperty() event: string;
  @ApiProperty({ enum: WEBHOOK_DELIVERY_STATUSES }) status: string;
  @ApiProperty() attempts: number;
  @ApiPropertyOptional() lastStatusCode?: number;
  @ApiPropertyOptional() lastError?: string;
  @ApiPropertyOptional() nextAttemptAt?: string;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional() deliveredAt?: string;
}

export class WebhookDeliveryPageResponse {
  @ApiProperty({ type: [WebhookDeliveryResponse] }) items: WebhookDeliveryResponse[];
  @ApiPropertyOptional() nextCursor?: string;
}
