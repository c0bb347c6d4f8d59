import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDateString,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { defineCommand, defineEvent } from '../contract';
import { CommandType, EventType } from '../routing-keys';
import { MESSAGE_TYPES, MessageType, ROUTE_PREFERENCES, RoutePreference, SmsFormat } from './message-types';
import { MessageStatusPayload } from './message-status.event';
import { BatchTemplate, MAX_TEMPLATE_VARIABLES, TemplateVariable } from './provider-template';
import { IsSender, IsSmsFormat, IsUserDataHeader } from './outbound-fields';

/** The most recipients one bulk bus message carries. */
export const MAX_BATCH_RECIPIENTS = 500;

/** One recipient of a bulk batch: an ordinary message with its own id, number and rendered body. */
export class BatchRecipient {
  @IsUUID()
  messageId: string;

  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'to must be an E.164 number' })
  to: string;

  @IsString()
  @MaxLength(1_600)
  body: string;

  /** ISO 3166 alpha-2 of `to`, as the sender found it: spares each consumer parsing the number again. */
  @IsOptional()
  @Matches(/^[A-Z]{2}$/)
  country?: string;

  @IsSmsFormat()
  format?: SmsFormat;

  @IsUserDataHeader()
  udh?: string;

  @IsSender()
  from?: string;

  /** This recipient's values of the batch's `template`, in the template's declared order; absent: sent as text. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_TEMPLATE_VARIABLES)
  @ValidateNested({ each: true })
  @Type(() => TemplateVariable)
  templateVariables?: TemplateVariable[];
}

/**
 * Up to 500 messages of one organization that need a route, on the bulk lane. What is common to
 * every recipient (type, route, expiry, campaign) is said once; the dispatcher decides per recipient.
 */
export class MessageBatchRequestedPayload {
  @IsUUID()
  batchId: string;

  @IsUUID()
  organizationId: string;

  @IsIn(MESSAGE_TYPES)
  messageType: MessageType;

  @IsIn(ROUTE_PREFERENCES)
  route: RoutePreference;

  @IsOptional()
  @IsDateString()
  expiresAt?: string;

  @IsOptional()
  @IsUUID()
  campaignId?: string;

  /** The template the recipients were rendered from, when it has codes at providers (the variables are per recipient). */
  @IsOptional()
  @ValidateNested()
  @Type(() => BatchTemplate)
  template?: BatchTemplate;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_RECIPIENTS)
  @ValidateNested({ each: true })
  @Type(() => BatchRecipient)
  recipients: BatchRecipient[];
}

export const MessageBatchRequested = defineEvent(EventType.MessageBatchRequested, 1, MessageBatchRequestedPayload);

/** Up to 500 messages of one organization for provider-sender, each starting at the same chain position. */
export class SendBatchViaProviderPayload {
  @IsUUID()
  batchId: string;

  @IsUUID()
  organizationId: string;

  @IsIn(MESSAGE_TYPES)
  messageType: MessageType;

  @IsOptional()
  @IsDateString()
  expiresAt?: string;

  /** The template the recipients were rendered from, when it has codes at providers (the variables are per recipient). */
  @IsOptional()
  @ValidateNested()
  @Type(() => BatchTemplate)
  template?: BatchTemplate;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_RECIPIENTS)
  @ValidateNested({ each: true })
  @Type(() => BatchRecipient)
  recipients: BatchRecipient[];
}

/** On provider-sender's bulk command queue, so single sends never wait behind batches. */
export const SendBatchViaProvider = defineCommand(CommandType.SendBatchViaProvider, 1, SendBatchViaProviderPayload, { lane: 'bulk' });

/**
 * Up to 500 status steps in one event, for bulk traffic. Each item is exactly a `message.status`
 * payload; consumers apply them idempotently per (messageId, status), in any order.
 */
export class MessageStatusBatchPayload {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_RECIPIENTS)
  @ValidateNested({ each: true })
  @Type(() => MessageStatusPayload)
  items: MessageStatusPayload[];
}

export const MessageStatusBatch = defineEvent(EventType.MessageStatusBatch, 1, MessageStatusBatchPayload);

/**
 * Bulk messages' later steps, in the same shape: what their provider reported after their `sent` was
 * announced (delivered, undelivered, or a late failure or expiry). Apart from `message.status.batch`
 * because that `sent` settled everything billing settles, so only the messages' record (ingestion)
 * has anything to do with them; a report that comes before its `sent` was announced travels with it.
 */
export const MessageReportsAnnounced = defineEvent(EventType.MessageReports, 1, MessageStatusBatchPayload);
