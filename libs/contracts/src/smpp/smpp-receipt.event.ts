import { IsDateString, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { defineEvent } from '../contract';
import { MessageStatus } from '../messages/message-types';
import { EventType } from '../routing-keys';

/** The statuses after which a message moves no more: each gets one SMPP delivery receipt. */
export const SMPP_RECEIPT_STATUSES = ['delivered', 'undelivered', 'failed', 'expired', 'canceled'] as const satisfies readonly MessageStatus[];
export type SmppReceiptStatus = (typeof SMPP_RECEIPT_STATUSES)[number];

/**
 * A message submitted over SMPP reached a final status: the api-gateway turns it into a `deliver_sm`
 * delivery receipt for the receivers bound with the API key that submitted it. Published by ingestion
 * (which records every status) only for messages submitted over SMPP, so the gateway hears nothing else.
 */
export class SmppReceiptDuePayload {
  @IsUUID()
  messageId: string;

  @IsUUID()
  organizationId: string;

  /** The API key the message was submitted with (the SMPP system_id). */
  @IsUUID()
  apiKeyId: string;

  /** The recipient, E.164: the receipt's source_addr. */
  @IsString()
  @MaxLength(32)
  to: string;

  @IsIn(SMPP_RECEIPT_STATUSES)
  status: SmppReceiptStatus;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  errorCode?: string;

  @IsDateString()
  submittedAt: string;

  @IsDateString()
  doneAt: string;

  /** The first 20 characters of the text, as a receipt's `text:` field carries them. */
  @IsString()
  @MaxLength(20)
  text: string;
}

export const SmppReceiptDue = defineEvent(EventType.SmppReceiptDue, 1, SmppReceiptDuePayload);

/**
 * An inbound SMS attributed to a conversation a message submitted over SMPP started: the api-gateway delivers
 * it as an MO `deliver_sm` to the receivers bound with that message's API key. Published by ingestion only for
 * those replies (every inbound SMS still reaches the organization's webhook).
 */
export class SmppMoReceivedPayload {
  /** The inbound message's id (stable across redeliveries). */
  @IsUUID()
  inboundId: string;

  @IsUUID()
  organizationId: string;

  @IsUUID()
  apiKeyId: string;

  @IsString()
  @MaxLength(32)
  from: string;

  @IsOptional()
  @IsString()
  @MaxLength(32)
  to?: string;

  @IsString()
  @MaxLength(1_600)
  body: string;

  @IsDateString()
  receivedAt: string;
}

export const SmppMoReceived = defineEvent(EventType.SmppMoReceived, 1, SmppMoReceivedPayload);
