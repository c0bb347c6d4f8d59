import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ORGANIZATION_STATUSES, OrganizationStatus } from '@zagel/contracts';
import { PageQuery } from '../../api-keys/dtos/api-key.dtos';
import { OrganizationResponse } from '../../sessions/dtos/session.response';

export class ListOrganizationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ORGANIZATION_STATUSES, example: 'suspended' })
  @IsOptional()
  @IsIn(ORGANIZATION_STATUSES)
  status?: OrganizationStatus;
}

export class OrganizationPageResponse {
  @ApiProperty({ type: [OrganizationResponse] }) items: OrganizationResponse[];
  @ApiPropertyOptional() nextCursor?: string;
}
