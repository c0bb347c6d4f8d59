import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { API_KEY_SCOPES, ApiKeyScope } from '@zagel/contracts';

export class CreateApiKeyBody {
  @ApiProperty({ example: 'checkout backend' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true, example: ['verify', 'messages:send'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(API_KEY_SCOPES, { each: true })
  scopes: ApiKeyScope[];
}

export class PageQuery {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ example: 50, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class ApiKeyResponse {
  @ApiProperty({ example: '0190a6f2-7c3e-7abc-8def-0123456789ad' }) id: string;
  @ApiProperty({ example: 'checkout backend' }) name: string;
  @ApiProperty({ example: 'zk_live_ab12' }) prefix: string;
  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true, example: ['verify'] }) scopes: ApiKeyScope[];
  @ApiProperty({ example: '2026-11-23T12:00:00.000Z' }) createdAt: string;
  @ApiPropertyOptional({ example: '2026-11-23T12:30:00.000Z' }) lastUsedAt?: string;
  @ApiPropertyOptional({ example: '0190a6f2-7c3e-7abc-8def-0123456789ab' }) createdBy?: string;
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({ example: 'zk_live_ab12Xy9...', description: 'Shown once: store it now.' }) key: string;
}

export class ApiKeyPageResponse {
  @ApiProperty({ type: [ApiKeyResponse] }) items: ApiKeyResponse[];
  @ApiPropertyOptional() nextCursor?: string;
}
