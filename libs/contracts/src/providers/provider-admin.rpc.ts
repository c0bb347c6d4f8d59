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
import { RpcType } from '../routing-keys';

export const PROVIDER_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const CIRCUIT_STATES = ['closed', 'open', 'half_open'] as const;
export type CircuitState = (typeof CIRCUIT_STATES)[number];

/** What an operator may set on a provider account (create: name and kind required; update: any). */
export class ProviderAccountFields {
  @IsOptional()
  @IsObject()
  settings?: Record<string, unknown>;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  /** Messages per second across every instance; null: unlimited. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  rateLimitPerSecond?: number | null;

  /** Submits in flight at once across every instance; null: unlimited. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  maxConcurrency?: number | null;

  /** Longest message (in segments) sent through this account; null: the adapter's own limit. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(255)
  maxSegments?: number | null;

  /** Sender id or number messages go out from. */
  @IsOptional()
  @IsString()
  @MaxLength(32)
  senderId?: string | null;
}

export class CreateProviderAccountRequest extends ProviderAccountFields {
  @Matches(PROVIDER_NAME_PATTERN, { message: 'name must be lowercase letters, digits, - or _ (up to 64)' })
  name: string;

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
  @IsOptional()
  @IsString()
  @MaxLength(32)
  kind?: string;
}

export class ProviderHealthView {
  @IsIn(CIRCUIT_STATES)
  circuit: CircuitState;

  @IsInt()
  @Min(0)
  sent: number;

  @IsInt()
  @Min(0)
  failed: number;

  /** sent / (sent + failed); null before the first submit. */
  @IsOptional()
  @IsNumber()
  successRate: number | null;

  @IsOptional()
  @IsNumber()
  latencyP50Ms: number | null;

  @IsOptional()
  @IsNumber()
  latencyP95Ms: number | null;
}

/** A provider account as operators see it: secrets masked. */
export class ProviderAccountView {
  @IsUUID()
  id: string;

  @IsString()
  name: string;

  @IsString()
  kind: string;

  @IsObject()
  settings: Record<string, unknown>;

  @IsBoolean()
  enabled: boolean;

  @IsOptional()
  @IsInt()
  rateLimitPerSecond: number | null;

  @IsOptional()
  @IsInt()
  maxConcurrency: number | null;

  @IsOptional()
  @IsInt()
  maxSegments: number | null;

  @IsOptional()
  @IsString()
  senderId: string | null;

  @IsOptional()
  @IsString()
  reportUrl: string | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => ProviderHealthView)
  health?: ProviderHealthView;

  @IsDateString()
  createdAt: string;

  @IsDateString()
  updatedAt: string;
}

export class ProviderAccountList {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProviderAccountView)
  items: ProviderAccountView[];
}

export class DeletedReply {
  @IsBoolean()
  deleted: boolean;
}

/** Which messages a route applies to, and the providers it tries in order. */
export class ProviderRouteFields {
  /** ISO 3166 alpha-2 destination country, or `*` for any. */
  @IsOptional()
  @Matches(/^([A-Z]{2}|\*)$/, { message: 'country must be an ISO 3166 alpha-2 code or *' })
  country?: string;

  /** A message type, or absent/null for any. */
  @IsOptional()
  @IsIn(MESSAGE_TYPES)
  messageType?: MessageType | null;

  /** Only this organization's messages; absent/null: everyone's. */
  @IsOptional()
  @IsUUID()
  organizationId?: string | null;

  /** Provider account ids, first tried first. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  providers?: string[];
}

export class CreateProviderRouteRequest {
  @Matches(/^([A-Z]{2}|\*)$/, { message: 'country must be an ISO 3166 alpha-2 code or *' })
  country: string;

  @IsOptional()
  @IsIn(MESSAGE_TYPES)
  messageType?: MessageType | null;

  @IsOptional()
  @IsUUID()
  organizationId?: string | null;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  providers: string[];
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
  @IsOptional()
  @IsUUID()
  organizationId?: string;
}

export class ProviderRouteView {
  @IsUUID()
  id: string;

  @IsString()
  country: string;

  @IsOptional()
  @IsIn(MESSAGE_TYPES)
  messageType: MessageType | null;

  @IsOptional()
  @IsUUID()
  organizationId: string | null;

  @IsArray()
  @IsUUID('all', { each: true })
  providers: string[];

  @IsDateString()
  createdAt: string;

  @IsDateString()
  updatedAt: string;
}

export class ProviderRouteList {
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
