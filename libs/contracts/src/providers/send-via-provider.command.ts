import { IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min } from 'class-validator';
import { defineCommand } from '../contract';
import { MESSAGE_TYPES, MessageType } from '../messages/message-types';
import { CommandType } from '../routing-keys';

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

  @IsOptional()
  @IsDateString()
  expiresAt?: string;

  /** Index into the provider chain to start from (after earlier providers failed). */
  @IsInt()
  @Min(0)
  chainPosition: number;
}

export const SendViaProvider = defineCommand(CommandType.SendViaProvider, 1, SendViaProviderPayload);
