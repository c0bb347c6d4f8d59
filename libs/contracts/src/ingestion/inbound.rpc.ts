import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
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
import { PageInfo, PageRequest } from '../auth/auth-views';
import { defineRpc } from '../contract';
import { INBOUND_CHANNELS, InboundChannel } from '../inbound/inbound-sms.event';
import { RpcType } from '../routing-keys';

/** What an inbound SMS was to Zagel: a plain reply, or one of the organization's keywords. */
export const INBOUND_KINDS = ['message', 'opt_out', 'opt_in', 'help'] as const;
export type InboundKind = (typeof INBOUND_KINDS)[number];

/** The keywords every organization starts with (CTIA's and the carriers' usual list). */
export const DEFAULT_INBOUND_KEYWORDS = {
  optOut: ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'],
  optIn: ['START', 'UNSTOP'],
  help: ['HELP'],
} as const;

/** The webhook event an organization's endpoint receives for each inbound SMS attributed to it. */
export const INBOUND_CALLBACK_EVENT = 'message.received';

/** A keyword: letters and digits only (matched ignoring case and spaces). */
const KEYWORD = /^[A-Za-z0-9]{1,20}$/;

export class InboundSettingsView {
  @ApiProperty({ type: [String], example: DEFAULT_INBOUND_KEYWORDS.optOut, description: 'A reply that is one of these opts the sender out.' })
  @IsArray()
  @IsString({ each: true })
  optOutKeywords: string[];

  @ApiProperty({ type: [String], example: DEFAULT_INBOUND_KEYWORDS.optIn, description: 'A reply that is one of these opts the sender back in.' })
  @IsArray()
  @IsString({ each: true })
  optInKeywords: string[];

  @ApiProperty({ type: [String], example: DEFAULT_INBOUND_KEYWORDS.help, description: 'A reply that is one of these is answered with helpText.' })
  @IsArray()
  @IsString({ each: true })
  helpKeywords: string[];

  @ApiPropertyOptional({ maxLength: 320, example: 'Acme alerts. Reply STOP to opt out. Help: support@acme.example', description: 'Sent back through the same phone or sender; none: HELP is not answered.' })
  @IsOptional()
  @IsString()
  helpText?: string;
}

/** The organization's keywords and HELP answer; every field left out keeps its value. */
export class PutInboundSettingsRequest {
  @IsUUID()
  organizationId: string;

  @ApiPropertyOptional({ type: [String], maxItems: 20, example: DEFAULT_INBOUND_KEYWORDS.optOut })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(KEYWORD, { each: true, message: 'each keyword must be 1 to 20 letters or digits' })
  optOutKeywords?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: 20, example: DEFAULT_INBOUND_KEYWORDS.optIn })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(KEYWORD, { each: true, message: 'each keyword must be 1 to 20 letters or digits' })
  optInKeywords?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: 20, example: DEFAULT_INBOUND_KEYWORDS.help })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(KEYWORD, { each: true, message: 'each keyword must be 1 to 20 letters or digits' })
  helpKeywords?: string[];

  @ApiPropertyOptional({ maxLength: 320, nullable: true, description: 'null removes it.' })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  helpText?: string | null;
}

export class InboundSettingsRef {
  @IsUUID()
  organizationId: string;
}

export class ListInboundMessagesRequest extends PageRequest {
  /** The tenant; absent only in the operators' list. */
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ maxLength: 64, example: '+14155550123', description: 'Sender (a number is normalized like a send\'s `to`).' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Received at or after.' })
  @IsOptional()
  @IsDateString()
  since?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Received before.' })
  @IsOptional()
  @IsDateString()
  until?: string;

  @ApiPropertyOptional({ enum: INBOUND_KINDS })
  @IsOptional()
  @IsIn(INBOUND_KINDS)
  kind?: InboundKind;

  @ApiPropertyOptional({ enum: INBOUND_CHANNELS })
  @IsOptional()
  @IsIn(INBOUND_CHANNELS)
  channel?: InboundChannel;

  /** Operators: only the messages no organization could be found for. */
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Operators only: `true` lists the messages no organization could be found for.' })
  @IsOptional()
  @IsIn(['true', 'false'])
  unattributed?: 'true' | 'false';
}

export class InboundMessageView {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The organization it was attributed to (absent: unattributed).' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiProperty({ enum: INBOUND_CHANNELS })
  @IsIn(INBOUND_CHANNELS)
  channel: InboundChannel;

  @ApiProperty({ example: '+14155550123' })
  @IsString()
  from: string;

  @ApiPropertyOptional({ example: '+14155550100' })
  @IsOptional()
  @IsString()
  to?: string;

  @ApiProperty({ example: 'Yes, see you at 5' })
  @IsString()
  body: string;

  @ApiProperty({ enum: INBOUND_KINDS })
  @IsIn(INBOUND_KINDS)
  kind: InboundKind;

  @ApiPropertyOptional({ example: 'STOP', description: 'The keyword it matched.' })
  @IsOptional()
  @IsString()
  keyword?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The organization\'s last message to this sender through the same phone or sender: what it answers.' })
  @IsOptional()
  @IsUUID()
  inReplyToMessageId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The pool phone that received it (channel device).' })
  @IsOptional()
  @IsUUID()
  deviceId?: string;

  @ApiPropertyOptional({ example: 'twilio' })
  @IsOptional()
  @IsString()
  providerKind?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  providerAccountId?: string;

  @ApiProperty({ format: 'date-time' })
  @IsDateString()
  receivedAt: string;

  @ApiProperty({ format: 'date-time' })
  @IsDateString()
  createdAt: string;
}

export class InboundMessagePage extends PageInfo {
  @ApiProperty({ type: () => [InboundMessageView] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => InboundMessageView)
  items: InboundMessageView[];
}

export const ListInboundMessages = defineRpc(RpcType.ListInboundMessages, 1, ListInboundMessagesRequest, InboundMessagePage);
export const GetInboundSettings = defineRpc(RpcType.GetInboundSettings, 1, InboundSettingsRef, InboundSettingsView);
export const PutInboundSettings = defineRpc(RpcType.PutInboundSettings, 1, PutInboundSettingsRequest, InboundSettingsView);
