import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Module, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, OmitType } from '@nestjs/swagger';
import { AddOptOut, AddOptOutRequest, ListOptOuts, ListOptOutsRequest, OptOutPage, OptOutView, RemoveOptOut } from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { CorrelationContext } from '@zagel/observability';
import { CurrentPrincipal, RequireScopes } from '../authentication/access-policy';
import { QueryOf } from '../public-http/public-shapes';
import { ServiceRpc } from '../service-rpc/service-rpc';
import { RequestCorrelation } from '../service-rpc/request-correlation';

/** The organization is the credential's. */
export class AddOptOutBody extends OmitType(AddOptOutRequest, ['organizationId'] as const) {}

export class ListOptOutsQuery extends QueryOf(OmitType(ListOptOutsRequest, ['organizationId'] as const)) {}

/** Numbers that opted out of the organization's promotional messages. */
@ApiTags('opt-outs')
@ApiBearerAuth('bearer')
@Controller('opt-outs')
export class OptOutsController {
  constructor(private readonly rpc: ServiceRpc) {}

  @Get()
  @RequireScopes('messages:read')
  @ApiOkResponse({ type: OptOutPage })
  list(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListOptOutsQuery,
  ): Promise<OptOutPage> {
    return this.rpc.call(correlation, 'ingestion', ListOptOuts, { ...query, organizationId: principal.organizationId! });
  }

  @Post()
  @RequireScopes('messages:send')
  @ApiOperation({ summary: 'Add a number (E.164, or national with defaultCountry).' })
  @ApiCreatedResponse({ type: OptOutView })
  add(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Body() body: AddOptOutBody,
  ): Promise<OptOutView> {
    return this.rpc.call(correlation, 'ingestion', AddOptOut, { ...body, organizationId: principal.organizationId! });
  }

  @Delete(':phoneNumber')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequireScopes('messages:send')
  @ApiNoContentResponse()
  async remove(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('phoneNumber') phoneNumber: string,
  ): Promise<void> {
    await this.rpc.call(correlation, 'ingestion', RemoveOptOut, { organizationId: principal.organizationId!, phoneNumber });
  }
}

@Module({ controllers: [OptOutsController] })
export class OptOutsModule {}
