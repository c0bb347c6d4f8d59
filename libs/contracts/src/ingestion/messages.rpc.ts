import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageInfo, PageRequest } from '../auth/auth-views';
import { defineRpc } from '../contract';
import {
  MESSAGE_PRIORITIES,
  MESSAGE_STATUSES,
  MESSAGE_TYPES,
  MessagePriority,
  MessageStatus,
  MessageType,
  ROUTE_PREFERENCES,
  RoutePreference,
  SMS_FORMATS,
  SmsFormat,
} from '../messages/message-types';
import { RpcType } from '../routing-keys';
import { IsSender, IsSmsFormat, IsUserDataHeader } from '../messages/outbound-fields';

export const MAX_BATCH_MESSAGES = 10_000;

/** What a just-accepted message is: routed right away, or waiting for its scheduleAt. */
export const ACCEPTED_MESSAGE_STATUSES = ['queued', 'scheduled'] as const satisfies readonly MessageStatus[];
export type AcceptedMessageStatus = (typeof ACCEPTED_MESSAGE_STATUSES)[number];

/** What one message says and how it travels; shared by single sends and batch items. */
export class MessageContent {
  @ApiPropertyOptional({ maxLength: 64, example: '+14155550123', description: 'E.164, or national with defaultCountry. Required, here or in the batch defaults.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  to?: string;

  @ApiPropertyOptional({ maxLength: 1_600, example: 'Your order shipped.', description: 'The text; or templateId with variables.' })
  @IsOptional()
  @IsString()
  @MaxLength(1_600)
  body?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A template of yours (POST /v1/templates), filled with variables.' })
  @IsOptional()
  @IsUUID()
  templateId?: string;

  /** Values for the template's `{{placeholders}}`. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] }, example: { name: 'Nour' }, description: "Values for the template's {{placeholders}}." })
  @IsOptional()
  @IsObject()
  variables?: Record<string, string | number>;

  @ApiPropertyOptional({ enum: MESSAGE_TYPES, default: 'transactional', example: 'transactional' })
  @IsOptional()
  @IsIn(MESSAGE_TYPES)
  type?: MessageType;

  @ApiPropertyOptional({
    enum: SMS_FORMATS,
    default: 'text',
    example: 'text',
    description:
      'How the SMS is coded. text: GSM-7, or UCS-2 when a character needs it; unicode: always UCS-2; flash: a class 0 text, shown on the screen and not stored; binary: body is hex 8-bit data, with an optional udh. flash and binary go only through providers that carry them (never the device pool); none on the route: 422 unsupported_type, or the message fails with errorCode unsupported_type.',
  })
  @IsSmsFormat()
  format?: SmsFormat;

  @ApiPropertyOptional({
    maxLength: 280,
    example: '0605040b8423f0',
    description:
      'binary only: the user data header in hex, its length octet first (0605040b8423f0: WAP push port 2948). UDH and data take 140 octets per segment; a longer payload is concatenated.',
  })
  @IsUserDataHeader()
  udh?: string;

  @ApiPropertyOptional({
    maxLength: 16,
    example: 'Zagel',
    description:
      'Sender id: up to 11 letters, digits or spaces (at least one letter), or a number (E.164, or a short code or line). It must be registered for your organization on the provider route; alphanumeric ids are refused (sender_id_not_supported) for countries that do not allow them (US, CA). Absent: the provider account\'s sender.',
  })
  @IsSender()
  from?: string;

  @ApiPropertyOptional({ enum: ROUTE_PREFERENCES, example: 'auto', description: 'auto for transactional/otp, providers for promotional.' })
  @IsOptional()
  @IsIn(ROUTE_PREFERENCES)
  route?: RoutePreference;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-12-01T09:00:00Z', description: 'Send at this time instead of now.' })
  @IsOptional()
  @IsDateString()
  scheduleAt?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-12-01T10:00:00Z', description: 'Not sent after this time (expired instead).' })
  @IsOptional()
  @IsDateString()
  expiresAt?: string;

  @ApiPropertyOptional({
    enum: MESSAGE_PRIORITIES,
    example: 'high',
    description:
      'high: the live lane, sent ahead of bulk traffic; normal and low: the bulk lane. Default: high for POST /v1/messages, normal for batch items and campaigns. Verification codes always take the live lane.',
  })
  @IsOptional()
  @IsIn(MESSAGE_PRIORITIES)
  priority?: MessagePriority;

  @ApiPropertyOptional({ maxLength: 2_048, example: 'https://example.com/zagel/status', description: 'Receives signed status callbacks (default: your webhook settings).' })
  @IsOptional()
  @IsString()
  @MaxLength(2_048)
  callbackUrl?: string;

  @ApiPropertyOptional({ maxLength: 128, example: 'order-1234', description: 'Yours: filterable in GET /v1/messages.' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  clientReference?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { orderId: 1234 }, description: 'Yours: returned with the message and its callbacks.' })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;

  /** ISO 3166 alpha-2 country for national numbers. */
  @ApiPropertyOptional({ minLength: 2, maxLength: 2, example: 'EG', description: 'ISO 3166 alpha-2 country for a national number.' })
  @IsOptional()
  @Length(2, 2)
  defaultCountry?: string;
}

export class SendMessageRequest extends MessageContent {
  @IsUUID()
  organizationId: string;

  /** Set by the gateway's SMPP server (never by a REST body): the submitting API key, which gets its delivery receipts. */
  @IsOptional()
  @IsUUID()
  smppKeyId?: string;

  /** With smppKeyId: the submit asked for a delivery receipt (registered_delivery). */
  @IsOptional()
  @IsBoolean()
  smppReceipt?: boolean;
}

/**
 * Items are plain objects here, checked one by one by ingestion: a malformed item is rejected with
 * its index instead of failing the batch, and 10,000 items are not validated field by field three
 * times on their way (gateway, RPC client, RPC server).
 */
export class SendBatchRequest {
  @IsUUID()
  organizationId: string;

  /** Applied to every item that does not set the field itself. */
  @ApiPropertyOptional({ type: () => MessageContent, description: 'Fields every item gets unless it sets them itself.' })
  @IsOptional()
  @IsObject()
  defaults?: MessageContent;

  @ApiProperty({ type: () => [MessageContent], minItems: 1, maxItems: MAX_BATCH_MESSAGES, description: 'Each item is accepted or rejected on its own, with its index.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_MESSAGES)
  @IsObject({ each: true })
  messages: MessageContent[];
}

export class AcceptedMessage {
  @ApiProperty({ format: 'uuid', example: '0190a6f2-7c3e-7abc-8def-0123456789c0' })
  @IsUUID()
  id: string;

  @ApiProperty({ enum: ACCEPTED_MESSAGE_STATUSES, example: 'queued' })
  @IsIn(ACCEPTED_MESSAGE_STATUSES)
  status: AcceptedMessageStatus;

  @ApiProperty({ example: '+14155550123' })
  @IsString()
  to: string;

  @ApiProperty({ enum: ['GSM-7', 'UCS-2', '8-bit'], example: 'GSM-7' })
  @IsIn(['GSM-7', 'UCS-2', '8-bit'])
  encoding: string;

  @ApiProperty({ example: 1 })
  @IsInt()
  segments: number;

  /** Minor units of `currency`. */
  @ApiProperty({ example: 6, description: 'Minor units of currency.' })
  @IsInt()
  price: number;

  @ApiProperty({ example: 'USD' })
  @IsString()
  currency: string;
}

export class RejectedItem {
  @ApiProperty({ example: 3, description: 'Position of the item in messages.' })
  @IsInt()
  index: number;

  /** A stable code, e.g. `invalid_phone_number`, `opted_out`, `insufficient_funds`. */
  @ApiProperty({ example: 'invalid_phone_number' })
  @IsString()
  code: string;

  @ApiProperty({ example: 'The number is too short.' })
  @IsString()
  reason: string;
}

export class BatchAccepted {
  @ApiProperty({ format: 'uuid', example: '0190a6f2-7c3e-7abc-8def-0123456789c1' })
  @IsUUID()
  batchId: string;

  /** Plain objects, not re-validated per item on the way back (10,000 of them). */
  @ApiProperty({ type: () => [AcceptedMessage] })
  @IsArray()
  @IsObject({ each: true })
  accepted: AcceptedMessage[];

  @ApiProperty({ type: () => [RejectedItem] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RejectedItem)
  rejected: RejectedItem[];

  @ApiProperty({ example: 600, description: 'Minor units of currency, for the accepted items.' })
  @IsInt()
  totalPrice: number;

  @ApiProperty({ example: 'USD' })
  @IsString()
  currency: string;
}

export class MessageStatusEntry {
  @ApiProperty({ enum: MESSAGE_STATUSES, example: 'sent' })
  @IsIn(MESSAGE_STATUSES)
  status: MessageStatus;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:01.000Z' })
  @IsDateString()
  at: string;

  @ApiPropertyOptional({ enum: ['device', 'provider'], example: 'device' })
  @IsOptional()
  @IsString()
  route?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsString()
  deviceId?: string;

  @ApiPropertyOptional({ example: 'twilio-us' })
  @IsOptional()
  @IsString()
  provider?: string;

  @ApiPropertyOptional({ example: 'SM1234567890abcdef' })
  @IsOptional()
  @IsString()
  providerMessageId?: string;

  @ApiPropertyOptional({ example: 'invalid_number' })
  @IsOptional()
  @IsString()
  errorCode?: string;
}

export class MessageView {
  @ApiProperty({ format: 'uuid', example: '0190a6f2-7c3e-7abc-8def-0123456789c0' })
  @IsUUID()
  id: string;

  @ApiProperty({ example: '+14155550123' })
  @IsString()
  to: string;

  @ApiProperty({ example: 'US' })
  @IsString()
  country: string;

  @ApiProperty({ example: 'Your order shipped.' })
  @IsString()
  body: string;

  @ApiProperty({ enum: MESSAGE_TYPES, example: 'transactional' })
  @IsIn(MESSAGE_TYPES)
  type: MessageType;

  @ApiProperty({ enum: MESSAGE_STATUSES, example: 'delivered' })
  @IsIn(MESSAGE_STATUSES)
  status: MessageStatus;

  @ApiProperty({ enum: SMS_FORMATS, example: 'text' })
  @IsIn(SMS_FORMATS)
  format: SmsFormat;

  @ApiPropertyOptional({ example: '0605040b8423f0', description: 'binary messages: the user data header (hex).' })
  @IsOptional()
  @IsString()
  udh?: string;

  @ApiPropertyOptional({ example: 'Zagel', description: 'The sender id or number asked for (absent: the provider account\'s).' })
  @IsOptional()
  @IsString()
  from?: string;

  @ApiProperty({ enum: ROUTE_PREFERENCES, example: 'auto' })
  @IsIn(ROUTE_PREFERENCES)
  routePreference: RoutePreference;

  @ApiPropertyOptional({ enum: ['device', 'provider'], example: 'device', description: 'The route it took, once routed.' })
  @IsOptional()
  @IsString()
  route?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsString()
  deviceId?: string;

  @ApiPropertyOptional({ example: 'twilio-us' })
  @IsOptional()
  @IsString()
  provider?: string;

  @ApiPropertyOptional({ example: 'SM1234567890abcdef' })
  @IsOptional()
  @IsString()
  providerMessageId?: string;

  @ApiPropertyOptional({ example: 'invalid_number' })
  @IsOptional()
  @IsString()
  errorCode?: string;

  @ApiProperty({ example: 'GSM-7' })
  @IsString()
  encoding: string;

  @ApiProperty({ example: 1 })
  @IsInt()
  segments: number;

  @ApiProperty({ example: 6, description: 'Minor units of currency.' })
  @IsInt()
  price: number;

  @ApiProperty({ example: 'USD' })
  @IsString()
  currency: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  templateId?: string;

  @ApiPropertyOptional({ example: 2 })
  @IsOptional()
  @IsInt()
  templateVersion?: number;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  campaignId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  batchId?: string;

  @ApiPropertyOptional({ example: 'order-1234' })
  @IsOptional()
  @IsString()
  clientReference?: string;

  @ApiPropertyOptional({ example: 'https://example.com/zagel/status' })
  @IsOptional()
  @IsString()
  callbackUrl?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { orderId: 1234 } })
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;

  @ApiPropertyOptional({ enum: MESSAGE_PRIORITIES, example: 'normal' })
  @IsOptional()
  @IsIn(MESSAGE_PRIORITIES)
  priority?: MessagePriority;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateString()
  scheduleAt?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateString()
  expiresAt?: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:00.000Z' })
  @IsDateString()
  createdAt: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:04.000Z' })
  @IsDateString()
  updatedAt: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateString()
  sentAt?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateString()
  deliveredAt?: string;

  @ApiPropertyOptional({ type: () => [MessageStatusEntry], description: 'Every status it went through (GET /v1/messages/{id} only).' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => MessageStatusEntry)
  history?: MessageStatusEntry[];
}

export class ListMessagesRequest extends PageRequest {
  @IsUUID()
  organizationId: string;

  @ApiPropertyOptional({ enum: MESSAGE_STATUSES, example: 'delivered' })
  @IsOptional()
  @IsIn(MESSAGE_STATUSES)
  status?: MessageStatus;

  /** A phone number (normalized like a send's `to`). */
  @ApiPropertyOptional({ maxLength: 64, example: '+14155550123', description: 'Recipient phone number.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  to?: string;

  @ApiPropertyOptional({ enum: MESSAGE_TYPES })
  @IsOptional()
  @IsIn(MESSAGE_TYPES)
  type?: MessageType;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  campaignId?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-11-01T00:00:00Z', description: 'Created at or after.' })
  @IsOptional()
  @IsDateString()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-12-01T00:00:00Z', description: 'Created before.' })
  @IsOptional()
  @IsDateString()
  until?: string;

  @ApiPropertyOptional({ maxLength: 128, example: 'order-1234' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  clientReference?: string;

  /** The Twilio-compatible API's `From` filter: the From its create kept in `metadata.twilio` (not a public filter). */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  twilioFrom?: string;
}

export class MessagePage extends PageInfo {
  @ApiProperty({ type: () => [MessageView] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => MessageView)
  items: MessageView[];
}

export class MessageRef {
  @IsUUID()
  organizationId: string;

  @IsUUID()
  messageId: string;
}

export const SendMessage = defineRpc(RpcType.SendMessage, 1, SendMessageRequest, AcceptedMessage);
/** On ingestion's bulk RPC queue: a single send never waits behind a batch being accepted. */
export const SendBatch = defineRpc(RpcType.SendBatch, 1, SendBatchRequest, BatchAccepted, { lane: 'bulk' });
export const ListMessages = defineRpc(RpcType.ListMessages, 1, ListMessagesRequest, MessagePage);
export const GetMessage = defineRpc(RpcType.GetMessage, 1, MessageRef, MessageView);
export const CancelMessage = defineRpc(RpcType.CancelMessage, 1, MessageRef, MessageView);
export const RedactMessage = defineRpc(RpcType.RedactMessage, 1, MessageRef, MessageView);
