import { Type } from 'class-transformer';
import { IsArray, IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../contract';
import { EventType } from '../routing-keys';
import { Lane, LANES } from '../routing';
import { ProviderTemplate } from './provider-template';
import { MESSAGE_ORIGINS, MESSAGE_TYPES, MessageOrigin, MessageType, ROUTE_PREFERENCES, RoutePreference, SmsFormat } from './message-types';
import { IsSender, IsSmsFormat, IsUserDataHeader } from './outbound-fields';

/** A message accepted from a customer that now needs a route (a phone or a provider). */
export class MessageRequestedPayload {
  @IsUUID()
  messageId: string;

  @IsUUID()
  organizationId: string;

  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'to must be an E.164 number' })
  to: string;

  @IsString()
  @MaxLength(1_600)
  body: string;

  @IsIn(MESSAGE_TYPES)
  messageType: MessageType;

  @IsSmsFormat()
  format?: SmsFormat;

  @IsUserDataHeader()
  udh?: string;

  @IsSender()
  from?: string;

  @IsIn(ROUTE_PREFERENCES)
  route: RoutePreference;

  /** `live` for OTPs and single sends, `bulk` for batches: the dispatcher serves live first. */
  @IsIn(LANES)
  lane: Lane;

  @IsIn(MESSAGE_ORIGINS)
  origin: MessageOrigin;

  @IsOptional()
  @IsDateString()
  expiresAt?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  priority?: number;

  /** Phones that already failed this message and must not get it again. */
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true })
  excludeDeviceIds?: string[];

  /**
   * Only this pool phone may send it (an answer to an SMS that phone received, e.g. HELP): the
   * recipient sees the number it wrote to. None available: the message fails, it is never re-routed.
   */
  @IsOptional()
  @IsUUID()
  viaDeviceId?: string;

  /** Only this provider account may send it (same reason, for an SMS a provider's number received). */
  @IsOptional()
  @IsUUID()
  viaProviderAccountId?: string;

  /** The template `body` was rendered from, with its provider codes: providers with a code send through their template API. */
  @IsOptional()
  @ValidateNested()
  @Type(() => ProviderTemplate)
  template?: ProviderTemplate;
}

/** Published as `message.requested.<lane>.<origin>`. */
export const MessageRequested = defineEvent(EventType.MessageRequested, 1, MessageRequestedPayload, {
  routing: [
    { name: 'lane', values: LANES },
    { name: 'origin', values: MESSAGE_ORIGINS },
  ],
});
