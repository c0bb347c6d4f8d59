import { IsDateString, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { defineEvent } from '../contract';
import { EventType } from '../routing-keys';
import { MESSAGE_ORIGINS, MESSAGE_STATUSES, MessageOrigin, MessageStatus } from './message-types';

/** A step in a message's life, emitted by whichever service moved it. */
export class MessageStatusPayload {
  @IsUUID()
  messageId: string;

  @IsUUID()
  organizationId: string;

  @IsIn(MESSAGE_STATUSES)
  status: MessageStatus;

  /** The origin of its `message.requested`, so only the service that asked (otp) hears its steps. */
  @IsIn(MESSAGE_ORIGINS)
  origin: MessageOrigin;

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

  /** The provider account that took it: what a reply to its sender number is attributed by. */
  @IsOptional()
  @IsUUID()
  providerAccountId?: string;

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

/** Published as `message.status.<status>.<origin>` (four words: never matched by `message.status.batch`). */
export const MessageStatusChanged = defineEvent(EventType.MessageStatus, 1, MessageStatusPayload, {
  routing: [
    { name: 'status', values: MESSAGE_STATUSES },
    { name: 'origin', values: MESSAGE_ORIGINS },
  ],
});
