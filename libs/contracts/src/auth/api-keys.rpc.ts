import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';
import { ApiKeyView, PageInfo, PageRequest } from './auth-views';
import { API_KEY_SCOPES, ApiKeyScope, ORGANIZATION_STATUSES, OrganizationStatus } from './identity';

export class CreateApiKeyRequest {
  @IsUUID()
  organizationId: string;

  @IsUUID()
  userId: string;

  @ApiProperty({ minLength: 1, maxLength: 100, example: 'checkout backend' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true, minItems: 1, uniqueItems: true, example: ['verify', 'messages:send'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(API_KEY_SCOPES, { each: true })
  scopes: ApiKeyScope[];
}

/** The key itself appears here and nowhere else, ever: auth keeps only its hash. */
export class CreatedApiKey extends ApiKeyView {
  @ApiProperty({ example: 'zk_live_ab12Xy9...', description: 'Shown once: store it now.' })
  @IsString()
  key: string;
}

export class ListApiKeysRequest extends PageRequest {
  @IsUUID()
  organizationId: string;
}

export class ApiKeyPage extends PageInfo {
  @ApiProperty({ type: () => [ApiKeyView] })
  @IsArray()
  @Type(() => ApiKeyView)
  @ValidateNested({ each: true })
  items: ApiKeyView[];
}

export class RevokeApiKeyRequest {
  @IsUUID()
  organizationId: string;

  @IsUUID()
  apiKeyId: string;

  /** The user revoking it, for the audit log. */
  @IsOptional()
  @IsUUID()
  revokedBy?: string;
}

export class RevokedApiKey {
  @IsUUID()
  id: string;
}

/** The gateway asks on a cache miss; the key travels only inside the bus. */
export class ResolveApiKeyRequest {
  @IsString()
  @MaxLength(200)
  key: string;
}

export class ResolvedApiKey {
  @IsUUID()
  apiKeyId: string;

  @IsUUID()
  organizationId: string;

  @IsIn(ORGANIZATION_STATUSES)
  organizationStatus: OrganizationStatus;

  @IsArray()
  @IsIn(API_KEY_SCOPES, { each: true })
  scopes: ApiKeyScope[];

  @IsString()
  prefix: string;
}

export const CreateApiKey = defineRpc(RpcType.CreateApiKey, 1, CreateApiKeyRequest, CreatedApiKey);
export const ListApiKeys = defineRpc(RpcType.ListApiKeys, 1, ListApiKeysRequest, ApiKeyPage);
export const RevokeApiKey = defineRpc(RpcType.RevokeApiKey, 1, RevokeApiKeyRequest, RevokedApiKey);
export const ResolveApiKey = defineRpc(RpcType.ResolveApiKey, 1, ResolveApiKeyRequest, ResolvedApiKey);
