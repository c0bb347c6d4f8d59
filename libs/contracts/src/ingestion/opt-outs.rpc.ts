import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsDateString, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateNested } from 'class-validator';
import { PageInfo, PageRequest } from '../auth/auth-views';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';

export const OPT_OUT_SOURCES = ['api', 'inbound_keyword'] as const;
export type OptOutSource = (typeof OPT_OUT_SOURCES)[number];

export class AddOptOutRequest {
  @IsUUID()
  organizationId: string;

  @ApiProperty({ maxLength: 64, example: '+14155550123', description: 'E.164, or national with defaultCountry.' })
  @IsString()
  @MaxLength(64)
  phoneNumber: string;

  @ApiPropertyOptional({ minLength: 2, maxLength: 2, example: 'EG', description: 'ISO 3166 alpha-2 country for a national number.' })
  @IsOptional()
  @Length(2, 2)
  defaultCountry?: string;

  @ApiPropertyOptional({ maxLength: 200, example: 'replied STOP' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;
}

export class RemoveOptOutRequest {
  @IsUUID()
  organizationId: string;

  @IsString()
  @MaxLength(64)
  phoneNumber: string;
}

export class ListOptOutsRequest extends PageRequest {
  @IsUUID()
  organizationId: string;
}

export class OptOutView {
  @ApiProperty({ example: '+14155550123' })
  @IsString()
  phoneNumber: string;

  @ApiPropertyOptional({ example: 'replied STOP' })
  @IsOptional()
  @IsString()
  reason?: string;

  @ApiPropertyOptional({ enum: OPT_OUT_SOURCES, example: 'inbound_keyword', description: 'How the number was added: through the API, or by replying an opt-out keyword.' })
  @IsOptional()
  @IsIn(OPT_OUT_SOURCES)
  source?: OptOutSource;

  @ApiProperty({ format: 'date-time', example: '2026-11-23T12:00:00.000Z' })
  @IsDateString()
  createdAt: string;
}

export class OptOutPage extends PageInfo {
  @ApiProperty({ type: () => [OptOutView] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => OptOutView)
  items: OptOutView[];
}

export class RemovedOptOut {
  @IsString()
  phoneNumber: string;
}

export const AddOptOut = defineRpc(RpcType.AddOptOut, 1, AddOptOutRequest, OptOutView);
export const RemoveOptOut = defineRpc(RpcType.RemoveOptOut, 1, RemoveOptOutRequest, RemovedOptOut);
export const ListOptOuts = defineRpc(RpcType.ListOptOuts, 1, ListOptOutsRequest, OptOutPage);
