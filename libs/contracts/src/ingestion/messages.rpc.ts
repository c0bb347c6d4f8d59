import { Type } from 'class-transformer';
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
  ValidateNested,
} from 'class-validator';
import { PageInfo, PageRequest } from '../auth/auth-views';
import { defineRpc } from '../contract';
import { MESSAGE_STATUSES, MESSAGE_TYPES, MessageStatus, MessageType, ROUTE_PREFERENCES, RoutePreference } from '../messages/message-types';
import { RpcType } from '../routing-keys';

export const MAX_BATCH_MESSAGES = 10_000;

/** What one message says and how it travels; shared by single sends and batch items. */
export class MessageContent {
  @IsOptional()
  @IsString()
  @MaxLength(64)
  to?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1_600)
  body?: string;

  @IsOptional()
  @IsUUID()
  templateId?: string;

  /** Values for the template's `{{placeholders}}`. */
  @IsOptional()
  @IsObject()
  variables?: Record<string, string | number>;

  @IsOptional()
  @IsIn(MESSAGE_TYPES)
  type?: MessageType;

  @IsOptional()
  @IsIn(ROUTE_PREFERENCES)
  route?: RoutePreference;

  @IsOptional()
  @IsDateString()
  scheduleAt?: string;

  @IsOptional()
  @IsDateString()
  expiresAt?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(9)
  priority?: number;

  @IsOptional()
  @IsString()
  @MaxLength(2_048)
  callbackUrl?: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  clientReference?: string;

  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;

  /** ISO 3166 alpha-2 country for national numbers. */
  @IsOptional()
  @Length(2, 2)
  defaultCountry?: string;
}

export class SendMessageRequest extends MessageContent {
  @IsUUID()
  organizationId: string;
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
  @IsOptional()
  @IsObject()
  defaults?: MessageContent;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_MESSAGES)
  @IsObject({ each: true })
  messages: MessageContent[];
}

export class AcceptedMessage {
  @IsUUID()
  id: string;

  @IsIn(MESSAGE_STATUSES)
  status: MessageStatus;

  @IsString()
  to: string;

  @IsIn(['GSM-7', 'UCS-2'])
  encoding: string;

  @IsInt()
  segments: number;

  /** Minor units of `currency`. */
  @IsInt()
  price: number;

  @IsString()
  currency: string;
}

export class RejectedItem {
  @IsInt()
  index: number;

  /** A stable code, e.g. `invalid_phone_number`, `opted_out`, `insufficient_funds`. */
  @IsString()
  code: string;

  @IsString()
  reason: string;
}

export class BatchAccepted {
  @IsUUID()
  batchId: string;

  /** Plain objects, not re-validated per item on the way back (10,000 of them). */
  @IsArray()
  @IsObject({ each: true })
  accepted: AcceptedMessage[];

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => RejectedItem)
  rejected: RejectedItem[];

  @IsInt()
  totalPrice: number;

  @IsString()
  currency: string;
}

export class MessageStatusEntry {
  @IsIn(MESSAGE_STATUSES)
  status: MessageStatus;

  @IsDateString()
  at: string;

  @IsOptional()
  @IsString()
  route?: string;

  @IsOptional()
  @IsString()
  deviceId?: string;

  @IsOptional()
  @IsString()
  provider?: string;

  @IsOptional()
  @IsString()
  providerMessageId?: string;

  @IsOptional()
  @IsString()
  errorCode?: string;
}

export class MessageView {
  @IsUUID()
  id: string;

  @IsString()
  to: string;

  @IsString()
  country: string;

  @IsString()
  body: string;

  @IsIn(MESSAGE_TYPES)
  type: MessageType;

  @IsIn(MESSAGE_STATUSES)
  status: MessageStatus;

  @IsIn(ROUTE_PREFERENCES)
  routePreference: RoutePreference;

  @IsOptional()
  @IsString()
  route?: string;

  @IsOptional()
  @IsString()
  deviceId?: string;

  @IsOptional()
  @IsString()
  provider?: string;

  @IsOptional()
  @IsString()
  providerMessageId?: string;

  @IsOptional()
  @IsString()
  errorCode?: string;

  @IsString()
  encoding: string;

  @IsInt()
  segments: number;

  @IsInt()
  price: number;

  @IsString()
  currency: string;

  @IsOptional()
  @IsUUID()
  templateId?: string;

  @IsOptional()
  @IsInt()
  templateVersion?: number;

  @IsOptional()
  @IsUUID()
  campaignId?: string;

  @IsOptional()
  @IsUUID()
  batchId?: string;

  @IsOptional()
  @IsString()
  clientReference?: string;

  @IsOptional()
  @IsString()
  callbackUrl?: string;

  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;

  @IsOptional()
  @IsInt()
  priority?: number;

  @IsOptional()
  @IsDateString()
  scheduleAt?: string;

  @IsOptional()
  @IsDateString()
  expiresAt?: string;

  @IsDateString()
  createdAt: string;

  @IsDateString()
  updatedAt: string;

  @IsOptional()
  @IsDateString()
  sentAt?: string;

  @IsOptional()
  @IsDateString()
  deliveredAt?: string;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => MessageStatusEntry)
  history?: MessageStatusEntry[];
}

export class ListMessagesRequest extends PageRequest {
  @IsUUID()
  organizationId: string;

  @IsOptional()
  @IsIn(MESSAGE_STATUSES)
  status?: MessageStatus;

  /** A phone number (normalized like a send's `to`). */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  to?: string;

  @IsOptional()
  @IsIn(MESSAGE_TYPES)
  type?: MessageType;

  @IsOptional()
  @IsUUID()
  campaignId?: string;

  @IsOptional()
  @IsDateString()
  from?: string;

  @IsOptional()
  @IsDateString()
  until?: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  clientReference?: string;
}

export class MessagePage extends PageInfo {
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
export const SendBatch = defineRpc(RpcType.SendBatch, 1, SendBatchRequest, BatchAccepted);
export const ListMessages = defineRpc(RpcType.ListMessages, 1, ListMessagesRequest, MessagePage);
export const GetMessage = defineRpc(RpcType.GetMessage, 1, MessageRef, MessageView);
export const CancelMessage = defineRpc(RpcType.CancelMessage, 1, MessageRef, MessageView);
