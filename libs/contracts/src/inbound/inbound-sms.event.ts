import { IsDateString, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { defineEvent } from '../contract';
import { EventType } from '../routing-keys';

/** Where an inbound SMS entered Zagel. */
export const INBOUND_CHANNELS = ['device', 'provider', 'smpp'] as const;
export type InboundChannel = (typeof INBOUND_CHANNELS)[number];

/**
 * An SMS that reached Zagel: a pool phone's `sms:received`, a provider's MO webhook or an SMPP
 * `deliver_sm` that is not a delivery receipt. Published by the device-gateway (channel `device`)
 * and the provider-sender (`provider`, `smpp`); ingestion stores, attributes and answers it, the
 * pool-dispatcher reads it for number proofs and canaries. Consumers are idempotent on `dedupeKey`.
 */
export class InboundSmsReceivedPayload {
  /** Stable across redeliveries and repeated reports of the same SMS (the phone re-sending it, a provider retrying its webhook). */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  dedupeKey: string;

  @IsIn(INBOUND_CHANNELS)
  channel: InboundChannel;

  /** The pool phone that received it (channel `device`): identified by its token, never by what it says. */
  @IsOptional()
  @IsUUID()
  deviceId?: string;

  /** The provider kind (`twilio`, `vonage`, ...) and account that received it (channels `provider`, `smpp`). */
  @IsOptional()
  @IsString()
  @MaxLength(32)
  providerKind?: string;

  @IsOptional()
  @IsUUID()
  providerAccountId?: string;

  /** The sender as reported: E.164 when it is a number, an alphanumeric id otherwise. */
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  from: string;

  /** The number or sender id it was sent to (the device's number, the provider's inbound number), when known. */
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

export const InboundSmsReceived = defineEvent(EventType.InboundSmsReceived, 1, InboundSmsReceivedPayload);
