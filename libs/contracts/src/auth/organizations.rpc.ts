import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { defineRpc } from '../contract';
import { RpcType } from '../routing-keys';
import { OrganizationView, PageInfo, PageRequest } from './auth-views';
import { ORGANIZATION_STATUSES, OrganizationStatus } from './identity';

export class ListOrganizationsRequest extends PageRequest {
  @ApiPropertyOptional({ enum: ORGANIZATION_STATUSES, example: 'suspended' })
  @IsOptional()
  @IsIn(ORGANIZATION_STATUSES)
  status?: OrganizationStatus;
}

export class OrganizationPage extends PageInfo {
  @ApiProperty({ type: () => [OrganizationView] })
  @IsArray()
  @Type(() => OrganizationView)
  @ValidateNested({ each: true })
  items: OrganizationView[];
}

export class SetOrganizationStatusRequest {
  @IsUUID()
  organizationId: string;

  @IsIn(ORGANIZATION_STATUSES)
  status: OrganizationStatus;

  /** The operator, for the audit trail. */
  @IsUUID()
  actorId: string;
}

export class SuspendedOrganizationsRequest {
  @IsOptional()
  @IsString()
  since?: string;
}

export class SuspendedOrganizations {
  @IsArray()
  @IsUUID('all', { each: true })
  organizationIds: string[];
}

export const ListOrganizations = defineRpc(RpcType.ListOrganizations, 1, ListOrganizationsRequest, OrganizationPage);
export const SetOrganizationStatus = defineRpc(RpcType.SetOrganizationStatus, 1, SetOrganizationStatusRequest, OrganizationView);
/** Gateways load this at start; `auth.organization-status-changed` events keep them current afterwards. */
export const ListSuspendedOrganizations = defineRpc(
  RpcType.ListSuspendedOrganizations,
  1,
  SuspendedOrganizationsRequest,
  SuspendedOrganizations,
);
