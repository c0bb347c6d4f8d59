import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateProviderAccount,
  CreateProviderAccountRequest,
  CreateProviderRoute,
  CreateProviderRouteRequest,
  DeleteProviderAccount,
  DeleteProviderRoute,
  GetProviderAccount,
  ListProviderAccounts,
  ListProviderRoutes,
  ProviderAccountFields,
  ProviderAccountList,
  ProviderAccountView,
  ProviderRouteFields,
  ProviderRouteList,
  ProviderRouteView,
  RpcContract,
  UpdateProviderAccount,
  UpdateProviderRoute,
} from '@zagel/contracts';
import { CorrelationContext } from '@zagel/observability';
import { PlatformAdminOnly } from '../authentication/access-policy';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { ServiceRpc } from '../service-rpc/service-rpc';
import { RequestCorrelation } from '../service-rpc/request-correlation';
import { ListProvidersQuery, ListRoutesQuery } from './dtos/provider-admin.dtos';

function providerSender<Req extends object, Res extends object>(rpc: ServiceRpc, correlation: CorrelationContext, contract: RpcContract<Req, Res>, payload: Req) {
  return rpc.call(correlation, 'provider-sender', contract, payload);
}

@ApiTags('admin')
@ApiBearerAuth('bearer')
@PlatformAdminOnly()
@Controller('admin/providers')
export class ProvidersAdminController {
  constructor(private readonly rpc: ServiceRpc) {}

  @Post()
  @Idempotent()
  @ApiOperation({ summary: 'Add a provider account; its settings are validated by its adapter and stored encrypted.' })
  @ApiCreatedResponse({ type: ProviderAccountView })
  create(@RequestCorrelation() correlation: CorrelationContext, @Body() body: CreateProviderAccountRequest): Promise<ProviderAccountView> {
    return providerSender(this.rpc, correlation, CreateProviderAccount, body);
  }

  @Get()
  @ApiOperation({ summary: 'Every provider account with its circuit state, success rate, latency and counts; credentials masked.' })
  @ApiOkResponse({ type: ProviderAccountList })
  list(@RequestCorrelation() correlation: CorrelationContext, @Query() query: ListProvidersQuery): Promise<ProviderAccountList> {
    return providerSender(this.rpc, correlation, ListProviderAccounts, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One provider account.' })
  @ApiOkResponse({ type: ProviderAccountView })
  get(@RequestCorrelation() correlation: CorrelationContext, @Param('id', ParseUUIDPipe) id: string): Promise<ProviderAccountView> {
    return providerSender(this.rpc, correlation, GetProviderAccount, { id });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a provider account; settings are merged over the stored ones.' })
  @ApiOkResponse({ type: ProviderAccountView })
  update(
    @RequestCorrelation() correlation: CorrelationContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ProviderAccountFields,
  ): Promise<ProviderAccountView> {
    return providerSender(this.rpc, correlation, UpdateProviderAccount, { ...body, id });
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a provider account that no route uses.' })
  @ApiNoContentResponse()
  async remove(@RequestCorrelation() correlation: CorrelationContext, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await providerSender(this.rpc, correlation, DeleteProviderAccount, { id });
  }
}

@ApiTags('admin')
@ApiBearerAuth('bearer')
@PlatformAdminOnly()
@Controller('admin/routes')
export class RoutesAdminController {
  constructor(private readonly rpc: ServiceRpc) {}

  @Post()
  @Idempotent()
  @ApiOperation({ summary: 'Add a route: the provider chain for a country (or *), message type and organization; the most specific wins.' })
  @ApiCreatedResponse({ type: ProviderRouteView })
  create(@RequestCorrelation() correlation: CorrelationContext, @Body() body: CreateProviderRouteRequest): Promise<ProviderRouteView> {
    return providerSender(this.rpc, correlation, CreateProviderRoute, body);
  }

  @Get()
  @ApiOperation({ summary: 'Every route.' })
  @ApiOkResponse({ type: ProviderRouteList })
  list(@RequestCorrelation() correlation: CorrelationContext, @Query() query: ListRoutesQuery): Promise<ProviderRouteList> {
    return providerSender(this.rpc, correlation, ListProviderRoutes, query);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a route.' })
  @ApiOkResponse({ type: ProviderRouteView })
  update(
    @RequestCorrelation() correlation: CorrelationContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ProviderRouteFields,
  ): Promise<ProviderRouteView> {
    return providerSender(this.rpc, correlation, UpdateProviderRoute, { ...body, id });
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a route.' })
  @ApiNoContentResponse()
  async remove(@RequestCorrelation() correlation: CorrelationContext, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await providerSender(this.rpc, correlation, DeleteProviderRoute, { id });
  }
}
