import { Type } from 'class-transformer';
import { IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { defineCommand } from '../contract';
import { MESSAGE_ORIGINS, MESSAGE_TYPES, MessageOrigin, MessageType, SmsFormat } from '../messages/message-types';
import { ProviderTemplate } from '../messages/provider-template';
import { CommandType } from '../routing-keys';
import { IsSender, IsSmsFormat, IsUserDataHeader } from '../messages/outbound-fields';

export class SendViaProviderPayload {
  @IsUUID()
  messageId: string;

  @IsUUID()
  organizationId: string;

  @Matches(/^\+[1-9]\d{6,14}$/)
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

  /** Carried into the message's status events (their routing key). */
  @IsIn(MESSAGE_ORIGINS)
  origin: MessageOrigin;

  @IsOptional()
  @IsDateString()
  expiresAt?: string;

  /** Index into the provider chain to start from (after earlier providers failed). */
  @IsInt()
  @Min(0)
  chainPosition: number;

  /** Send through this account only, whatever the routes say (an answer from the number that was written to). */
  @IsOptional()
  @IsUUID()
  providerAccountId?: string;

  /** The template `body` was rendered from (message.requested's): sent through the provider's template API where it has a code. */
  @IsOptional()
  @ValidateNested()
  @Type(() => ProviderTemplate)
  template?: ProviderTemplate;
}

export const SendViaProvider = defineCommand(CommandType.SendViaProvider, 1, SendViaProviderPayload);
