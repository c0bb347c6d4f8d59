import { IsDateString, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { defineEvent } from '../contract';
import { EventType } from '../routing-keys';
import { MESSAGE_STATUSES, MessageStatus } from './message-types';

/** A step in a message's life, emitted by whichever service moved it. */
export class MessageStatusPayload {
  @IsUUID()
  messageId: string;

  @IsUUID()
  organizationId: string;

  @IsIn(MESSAGE_STATUSES)
  status: MessageStatus;

  @IsOptional()
  @IsIn(['device', 'provider'])
  route?: 'device' | 'provider';

  @IsOptional()
  @IsUUID()
  deviceId?: string;

  /** The phone owner, so billing can reward a device delivery without asking. */
  @IsOptional()
  @IsUUID()
  deviceOwnerId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  provider?: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  providerMessageId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  errorCode?: string;

  /** With `all_providers_failed`: the last provider's own error code. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  lastErrorCode?: string;

  @IsDateString()
  at: string;
}

export const MessageStatusChanged = defineEvent(EventType.MessageStatus, 1, MessageStatusPayload);
