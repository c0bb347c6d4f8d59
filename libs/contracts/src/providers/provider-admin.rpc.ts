import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { defineRpc } from '../contract';
import { MESSAGE_TYPES, MessageType } from '../messages/message-types';
import { MAX_SENDER_LENGTH } from '../messages/outbound-fields';
import { RpcType } from '../routing-keys';

export const PROVIDER_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** A route's destination: an ISO 3166 alpha-2 country, or `*` for any. */
const ROUTE_COUNTRY = /^([A-Z]{2}|\*)$/;
const ROUTE_COUNTRY_RULE = { message: 'country must be an ISO 3166 alpha-2 code or *' };

export const CIRCUIT_STATES = ['closed', 'open', 'half_open'] as const;
export type CircuitState = (typeof CIRCUIT_STATES)[number];

/** What an operator may set on a provider account (create: name and kind required; update: any). */
export class ProviderAccountFields {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { latencyMs: 50, reportDelayMs: 1000 }, description: "The adapter's settings (credentials included); merged over the stored ones. Send a secret's mask back to keep it, null to remove a setting." })
  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  /** Messages per second across every instance; null: unlimited. */
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: 100_000, example: 50, description: 'Messages per second across every instance (null: unlimited).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  rateLimitPerSecond?: number | null;

  /** Submits in flight at once across every instance; null: unlimited. */
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: 10_000, example: 20, description: 'Submits in flight at once (null: unlimited).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  maxConcurrency?: number | null;

  /** Longest message (in segments) sent through this account; null: the adapter's own limit. */
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: 255, example: 4, description: "Longest message in segments (null: the adapter's limit)." })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(255)
  maxSegments?: number | null;

  /** Sender id or number messages go out from. */
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 32, example: 'Zagel', description: 'Sender id or number messages go out from.' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  senderId?: string | null;
}

export class CreateProviderAccountRequest extends ProviderAccountFields {
  @ApiProperty({ pattern: PROVIDER_NAME_PATTERN.source, example: 'twilio-us', description: 'Lowercase letters, digits, - and _; the webhook path uses it.' })
  @Matches(PROVIDER_NAME_PATTERN, { message: 'name must be lowercase letters, digits, - or _ (up to 64)' })
  name: string;

  @ApiProperty({ maxLength: 32, example: 'simulator', description: 'The adapter kind (simulator, twilio, vonage, plivo, sns, smsir, kavenegar, clickatell, http, smpp).' })
  @IsString()
  @MaxLength(32)
  kind: string;
}

export class UpdateProviderAccountRequest extends ProviderAccountFields {
  @IsUUID()
  id: string;
}

export class ProviderAccountIdRequest {
  @IsUUID()
  id: string;
}

export class ListProviderAccountsRequest {
  /** Only accounts of this kind. */
  @ApiPropertyOptional({ maxLength: 32, example: 'twilio', description: 'Only accounts of this kind.' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  kind?: string;
}

export class ProviderHealthView {
  @ApiProperty({ enum: CIRCUIT_STATES, example: 'closed' })
  @IsIn(CIRCUIT_STATES)
  circuit: CircuitState;

  @ApiProperty({ minimum: 0, example: 1200 })
  @IsInt()
  @Min(0)
  sent: number;

  @ApiProperty({ minimum: 0, example: 3 })
  @IsInt()
  @Min(0)
  failed: number;

  /** sent / (sent + failed); null before the first submit. */
  @ApiPropertyOptional({ type: Number, nullable: true, example: 0.9975, description: 'sent / (sent + failed); null before the first submit.' })
  @IsOptional()
  @IsNumber()
  successRate: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 180 })
  @IsOptional()
  @IsNumber()
  latencyP50Ms: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 420 })
  @IsOptional()
  @IsNumber()
  latencyP95Ms: number | null;
}

/** A provider account as operators see it: secrets masked. */
export class ProviderAccountView {
  @ApiProperty({ format: 'uuid', example: '0190a6f2-7c3e-7abc-8def-0123456789ad' })
  @IsUUID()
  id: string;

  @ApiProperty({ example: 'twilio-us' })
  @IsString()
  name: string;

  @ApiProperty({ example: 'twilio' })
  @IsString()
  kind: string;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { accountSid: 'AC123', authToken: '********' }, description: 'Credentials are always masked.' })
  @IsObject()
  settings: Record<string, unknown>;

  @ApiProperty({ example: true })
  @IsBoolean()
  enabled: boolean;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 50 })
  @IsOptional()
  @IsInt()
  rateLimitPerSecond: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 20 })
  @IsOptional()
  @IsInt()
  maxConcurrency: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 4 })
  @IsOptional()
  @IsInt()
  maxSegments: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Zagel' })
  @IsOptional()
  @IsString()
  senderId: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'https://api.zagel.example/v1/webhooks/providers/twilio-us', description: 'Where the provider should post delivery reports.' })
  @IsOptional()
  @IsString()
  reportUrl: string | null;

  @ApiPropertyOptional({ type: () => ProviderHealthView })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProviderHealthView)
  health?: ProviderHealthView;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:00.000Z' })
  @IsDateString()
  createdAt: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:00.000Z' })
  @IsDateString()
  updatedAt: string;
}

export class ProviderAccountList {
  @ApiProperty({ type: () => [ProviderAccountView] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProviderAccountView)
  items: ProviderAccountView[];
}

export class DeletedReply {
  @IsBoolean()
  deleted: boolean;
}

/** A route's `senders`: the sender ids and numbers its organization registered with the route's providers. */
const RouteSenders = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({
      type: [String],
      maxItems: 50,
      uniqueItems: true,
      example: ['Zagel', '+14155550100'],
      description: "Sender ids and numbers the route's organization may send from (a message's from), registered with the route's providers.",
    }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(50),
    ArrayUnique(),
    IsString({ each: true }),
    MaxLength(MAX_SENDER_LENGTH, { each: true }),
  );

/** Which messages a route applies to, and the providers it tries in order. */
export class ProviderRouteFields {
  /** ISO 3166 alpha-2 destination country, or `*` for any. */
  @ApiPropertyOptional({ pattern: ROUTE_COUNTRY.source, example: 'IR', description: 'ISO 3166 alpha-2 destination country, or * for any.' })
  @IsOptional()
  @Matches(ROUTE_COUNTRY, ROUTE_COUNTRY_RULE)
  country?: string;

  /** A message type, or absent/null for any. */
  @ApiPropertyOptional({ enum: MESSAGE_TYPES, nullable: true, description: 'null or absent: any type.' })
  @IsOptional()
  @IsIn(MESSAGE_TYPES)
  messageType?: MessageType | null;

  /** Only this organization's messages; absent/null: everyone's. */
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: "Only this organization's messages; null or absent: everyone's." })
  @IsOptional()
  @IsUUID()
  organizationId?: string | null;

  /** Provider account ids, first tried first. */
  @ApiPropertyOptional({ type: [String], minItems: 1, maxItems: 10, uniqueItems: true, description: 'Provider account ids, tried in this order.' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  providers?: string[];
  @RouteSenders()
  senders?: string[];
}

export class CreateProviderRouteRequest {
  @ApiProperty({ pattern: ROUTE_COUNTRY.source, example: '*', description: 'ISO 3166 alpha-2 destination country, or * for any.' })
  @Matches(ROUTE_COUNTRY, ROUTE_COUNTRY_RULE)
  country: string;

  @ApiPropertyOptional({ enum: MESSAGE_TYPES, nullable: true, description: 'null or absent: any type.' })
  @IsOptional()
  @IsIn(MESSAGE_TYPES)
  messageType?: MessageType | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: "Only this organization's messages; null or absent: everyone's." })
  @IsOptional()
  @IsUUID()
  organizationId?: string | null;

  @ApiProperty({ type: [String], minItems: 1, maxItems: 10, uniqueItems: true, description: 'Provider account ids, tried in this order.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  providers: string[];

  @RouteSenders()
  senders?: string[];
}

export class UpdateProviderRouteRequest extends ProviderRouteFields {
  @IsUUID()
  id: string;
}

export class ProviderRouteIdRequest {
  @IsUUID()
  id: string;
}

export class ListProviderRoutesRequest {
  /** Only the routes of this organization (and none of the shared ones). */
  @ApiPropertyOptional({ format: 'uuid', description: "Only this organization's routes." })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
}

export class ProviderRouteView {
  @ApiProperty({ format: 'uuid', example: '0190a6f2-7c3e-7abc-8def-0123456789ae' })
  @IsUUID()
  id: string;

  @ApiProperty({ example: '*' })
  @IsString()
  country: string;

  @ApiPropertyOptional({ enum: MESSAGE_TYPES, nullable: true })
  @IsOptional()
  @IsIn(MESSAGE_TYPES)
  messageType: MessageType | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  organizationId: string | null;

  @ApiProperty({ type: [String], example: ['0190a6f2-7c3e-7abc-8def-0123456789ad'] })
  @IsArray()
  @IsUUID('all', { each: true })
  providers: string[];

  @ApiProperty({ type: [String], example: ['Zagel'], description: "Sender ids and numbers the route's organization may send from." })
  @IsArray()
  @IsString({ each: true })
  senders: string[];

  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:00.000Z' })
  @IsDateString()
  createdAt: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:00.000Z' })
  @IsDateString()
  updatedAt: string;
}

export class ProviderRouteList {
  @ApiProperty({ type: () => [ProviderRouteView] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProviderRouteView)
  items: ProviderRouteView[];
}

export const CreateProviderAccount = defineRpc(RpcType.CreateProviderAccount, 1, CreateProviderAccountRequest, ProviderAccountView);
export const ListProviderAccounts = defineRpc(RpcType.ListProviderAccounts, 1, ListProviderAccountsRequest, ProviderAccountList);
export const GetProviderAccount = defineRpc(RpcType.GetProviderAccount, 1, ProviderAccountIdRequest, ProviderAccountView);
export const UpdateProviderAccount = defineRpc(RpcType.UpdateProviderAccount, 1, UpdateProviderAccountRequest, ProviderAccountView);
export const DeleteProviderAccount = defineRpc(RpcType.DeleteProviderAccount, 1, ProviderAccountIdRequest, DeletedReply);
export const CreateProviderRoute = defineRpc(RpcType.CreateProviderRoute, 1, CreateProviderRouteRequest, ProviderRouteView);
export const ListProviderRoutes = defineRpc(RpcType.ListProviderRoutes, 1, ListProviderRoutesRequest, ProviderRouteList);
export const UpdateProviderRoute = defineRpc(RpcType.UpdateProviderRoute, 1, UpdateProviderRouteRequest, ProviderRouteView);
export const DeleteProviderRoute = defineRpc(RpcType.DeleteProviderRoute, 1, ProviderRouteIdRequest, DeletedReply);
