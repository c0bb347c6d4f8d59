import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListOrganizations, OrganizationPage, OrganizationStatus, OrganizationView, SetOrganizationStatus } from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { CorrelationContext } from '@zagel/observability';
import { CurrentPrincipal, PlatformAdminOnly } from '../authentication/access-policy';
import { AuthRpc } from '../service-rpc/service-rpc';
import { RequestCorrelation } from '../service-rpc/request-correlation';
import { ListOrganizationsQuery } from './dtos/admin-organization.dtos';

@ApiTags('admin')
@ApiBearerAuth('bearer')
@PlatformAdminOnly()
@Controller('admin/organizations')
export class AdminOrganizationsController {
  constructor(private readonly auth: AuthRpc) {}

  @Get()
  @ApiOperation({ summary: 'Every organization (platform operators).' })
  @ApiOkResponse({ type: OrganizationPage })
  list(@RequestCorrelation() correlation: CorrelationContext, @Query() query: ListOrganizationsQuery): Promise<OrganizationPage> {
    return this.auth.call(correlation, ListOrganizations, query);
  }

  @Post(':id/suspend')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Suspend an organization: its keys and tokens stop working within seconds." })
  @ApiOkResponse({ type: OrganizationView })
  suspend(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<OrganizationView> {
    return this.setStatus(correlation, principal, id, 'suspended');
  }

  @Post(':id/reactivate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reactivate a suspended organization.' })
  @ApiOkResponse({ type: OrganizationView })
  reactivate(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<OrganizationView> {
    return this.setStatus(correlation, principal, id, 'active');
  }

  private setStatus(correlation: CorrelationContext, principal: Principal, organizationId: string, status: OrganizationStatus): Promise<OrganizationView> {
    return this.auth.call(correlation, SetOrganizationStatus, { organizationId, status, actorId: principal.userId! });
  }
}
