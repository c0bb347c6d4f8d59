import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDateString,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { MAX_BATCH_MESSAGES, MESSAGE_STATUSES, MESSAGE_TYPES, MessageStatus, MessageType, ROUTE_PREFERENCES, RoutePreference } from '@zagel/contracts';
import { PageQuery } from '../../api-keys/dtos/api-key.dtos';

/** Every field optional at the edge: a batch item that lacks one is rejected on its own, with its index. */
export class MessageContentBody {
  @ApiPropertyOptional({ example: '+14155550123', description: 'E.164, or national with defaultCountry' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  to?: string;

  @ApiPropertyOptional({ example: 'Your order shipped.' })
  @IsOptional()
  @IsString()
  @MaxLength(1_600)
  body?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  templateId?: string;

  @ApiPropertyOptional({ example: { name: 'Nour' } })
  @IsOptional()
  @IsObject()
  variables?: Record<string, string | number>;

  @ApiPropertyOptional({ enum: MESSAGE_TYPES, default: 'transactional' })
  @IsOptional()
  @IsIn(MESSAGE_TYPES)
  type?: MessageType;

  @ApiPropertyOptional({ enum: ROUTE_PREFERENCES, description: 'auto for transactional/otp, providers for promotional' })
  @IsOptional()
  @IsIn(ROUTE_PREFERENCES)
  route?: RoutePreference;

  @ApiPropertyOptional({ example: '2026-12-01T09:00:00Z' })
  @IsOptional()
  @IsDateString()
  scheduleAt?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsDateString()
  expiresAt?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 9 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(9)
  priority?: number;

  @ApiPropertyOptional({ example: 'https://example.com/zagel/status' })
  @IsOptional()
  @IsString()
  @MaxLength(2_048)
  callbackUrl?: string;

  @ApiPropertyOptional({ example: 'order-1234' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  clientReference?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;

  @ApiPropertyOptional({ example: 'EG' })
  @IsOptional()
  @Length(2, 2)
  defaultCountry?: string;
}

/** Items are checked one by one by ingestion, so a bad item is rejected with its index rather than failing the batch. */
export class SendBatchBody {
  @ApiPropertyOptional({ type: MessageContentBody, description: 'Fields every item gets unless it sets them itself' })
  @IsOptional()
  @IsObject()
  defaults?: MessageContentBody;

  @ApiProperty({ type: [MessageContentBody], maxItems: MAX_BATCH_MESSAGES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_MESSAGES)
  @IsObject({ each: true })
  messages: MessageContentBody[];
}

export class ListMessagesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: MESSAGE_STATUSES })
  @IsOptional()
  @IsIn(MESSAGE_STATUSES)
  status?: MessageStatus;

  @ApiPropertyOptional({ description: 'Recipient phone number' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  to?: string;

  @ApiPropertyOptional({ enum: MESSAGE_TYPES })
  @IsOptional()
  @IsIn(MESSAGE_TYPES)
  type?: MessageType;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  campaignId?: string;

  @ApiPropertyOptional({ description: 'Created at or after' })
  @IsOptional()
  @IsDateString()
  from?: string;

  @ApiPropertyOptional({ description: 'Created before' })
  @IsOptional()
  @IsDateString()
  until?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(128)
  clientReference?: string;
}

export class AcceptedMessageResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['queued', 'scheduled'] }) status: string;
  @ApiProperty({ example: '+14155550123' }) to: string;
  @ApiProperty({ enum: ['GSM-7', 'UCS-2'] }) encoding: string;
  @ApiProperty({ example: 1 }) segments: number;
  @ApiProperty({ example: 6, description: 'minor units' }) price: number;
  @ApiProperty({ example: 'USD' }) currency: string;
}

export class RejectedItemResponse {
  @ApiProperty() index: number;
  @ApiProperty({ example: 'invalid_phone_number' }) code: string;
  @ApiProperty() reason: string;
}

export class BatchAcceptedResponse {
  @ApiProperty() batchId: string;
  @ApiProperty({ type: [AcceptedMessageResponse] }) accepted: AcceptedMessageResponse[];
  @ApiProperty({ type: [RejectedItemResponse] }) rejected: RejectedItemResponse[];
  @ApiProperty() totalPrice: number;
  @ApiProperty() currency: string;
}

export class MessageStatusEntryResponse {
  @ApiProperty({ enum: MESSAGE_STATUSES }) status: string;
  @ApiProperty() at: string;
  @ApiPropertyOptional() route?: string;
  @ApiPropertyOptional() deviceId?: string;
  @ApiPropertyOptional() provider?: string;
  @ApiPropertyOptional() providerMessageId?: string;
  @ApiPropertyOptional() errorCode?: string;
}

export class MessageResponse {
  @ApiProperty() id: string;
  @ApiProperty() to: string;
  @ApiProperty() country: string;
  @ApiProperty() body: string;
  @ApiProperty({ enum: MESSAGE_TYPES }) type: string;
  @ApiProperty({ enum: MESSAGE_STATUSES }) status: string;
  @ApiProperty({ enum: ROUTE_PREFERENCES }) routePreference: string;
  @ApiPropertyOptional({ enum: ['device', 'provider'] }) route?: string;
  @ApiPropertyOptional() deviceId?: string;
  @ApiPropertyOptional() provider?: string;
  @ApiPropertyOptional() providerMessageId?: string;
  @ApiPropertyOptional() errorCode?: string;
  @ApiProperty() encoding: string;
  @ApiProperty() segments: number;
  @ApiProperty() price: number;
  @ApiProperty() currency: string;
  @ApiPropertyOptional() templateId?: string;
  @ApiPropertyOptional() templateVersion?: number;
  @ApiPropertyOptional() batchId?: string;
  @ApiPropertyOptional() clientReference?: string;
  @ApiPropertyOptional() scheduleAt?: string;
  @ApiPropertyOptional() expiresAt?: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiPropertyOptional({ type: [MessageStatusEntryResponse] }) history?: MessageStatusEntryResponse[];
}

export class MessagePageResponse {
  @ApiProperty({ type: [MessageResponse] }) items: MessageResponse[];
  @ApiPropertyOptional() nextCursor?: string;
}
