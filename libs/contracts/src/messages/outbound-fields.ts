import { applyDecorators } from '@nestjs/common';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { SMS_FORMATS } from './message-types';

/** The longest sender a message may ask for: an 11-character alphanumeric id or a number with its `+`. */
export const MAX_SENDER_LENGTH = 16;

/** How an outbound SMS is coded (`format`, `text` when absent): the rule every contract carrying one shares. */
export const IsSmsFormat = (): PropertyDecorator => applyDecorators(IsOptional(), IsIn(SMS_FORMATS));

/** A binary message's user data header (`udh`): hex, its length octet first, at most 140 octets. */
export const IsUserDataHeader = (): PropertyDecorator => applyDecorators(IsOptional(), Matches(/^(?:[0-9a-fA-F]{2}){1,140}$/, { message: 'udh must be hex' }));

/** The sender id or number to send from (`from`); absent: the provider account's own. */
export const IsSender = (): PropertyDecorator => applyDecorators(IsOptional(), IsString(), MaxLength(MAX_SENDER_LENGTH));
