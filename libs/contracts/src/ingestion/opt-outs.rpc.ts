import { Type } from 'class-transformer';
import { IsArray, IsDateString, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateNested } from 'class-validator';
import { PageInfo, PageRequest } from '../auth/auth-views';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';

export class AddOptOutRequest {
  @IsUUID()
  organizationId: string;

  @IsString()
  @MaxLength(64)
  phoneNumber: string;

  @IsOptional()
  @Length(2, 2)
  defaultCountry?: string;

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
  @IsString()
  phoneNumber: string;

  @IsOptional()
  @IsString()
  reason?: string;

  @IsDateString()
  createdAt: string;
}

export class OptOutPage extends PageInfo {
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
