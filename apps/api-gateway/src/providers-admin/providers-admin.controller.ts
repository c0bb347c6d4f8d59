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
import { PlatformAdminOnly } from '../authentication/access-policy';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { ServiceRpc } from '../service-rpc/service-rpc';
import { ListProvidersQuery, ListRoutesQuery } from './dtos/provider-admin.dtos';

function providerSender<Req extends object, Res extends object>(rpc: ServiceRpc, contract: RpcContract<Req, Res>, payload: Req) {
  return rpc.call('provider-sender', contract, payload);
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
  create(@Body() body: CreateProviderAccountRequest): Promise<ProviderAccountView> {
    return providerSender(this.rpc, CreateProviderAccount, body);
  }

  @Get()
  @ApiOperation({ summary: 'Every provider account with its circuit state, success rate, latency and counts; credentials masked.' })
  @ApiOkResponse({ type: ProviderAccountList })
  list(@Query() query: ListProvidersQuery): Promise<ProviderAccountList> {
    return providerSender(this.rpc, ListProviderAccounts, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One provider account.' })
  @ApiOkResponse({ type: ProviderAccountView })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<ProviderAccountView> {
    return providerSender(this.rpc, GetProviderAccount, { id });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a provider account; settings are merged over the stored ones.' })
  @ApiOkResponse({ type: ProviderAccountView })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: ProviderAccountFields): Promise<ProviderAccountView> {
    return providerSender(this.rpc, UpdateProviderAccount, { ...body, id });
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a provider account that no route uses.' })
  @ApiNoContentResponse()
  async remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await providerSender(this.rpc, DeleteProviderAccount, { id });
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
  create(@Body() body: CreateProviderRouteRequest): Promise<ProviderRouteView> {
    return providerSender(this.rpc, CreateProviderRoute, body);
  }

  @Get()
  @ApiOperation({ summary: 'Every route.' })
  @ApiOkResponse({ type: ProviderRouteList })
  list(@Query() query: ListRoutesQuery): Promise<ProviderRouteList> {
    return providerSender(this.rpc, ListProviderRoutes, query);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a route.' })
  @ApiOkResponse({ type: ProviderRouteView })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: ProviderRouteFields): Promise<ProviderRouteView> {
    return providerSender(this.rpc, UpdateProviderRoute, { ...body, id });
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a route.' })
  @ApiNoContentResponse()
  async remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await providerSender(this.rpc, DeleteProviderRoute, { id });
  }
}
