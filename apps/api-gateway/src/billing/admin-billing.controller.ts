import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdjustCredits, AdjustmentView, CreatePrice, CreatePriceRequest, DeletePrice, ListPrices, PriceList, PriceView, UpdatePrice } from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { CorrelationContext } from '@zagel/observability';
import { CurrentPrincipal, PlatformAdminOnly } from '../authentication/access-policy';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { ServiceRpc } from '../service-rpc/service-rpc';
import { RequestCorrelation } from '../service-rpc/request-correlation';
import { AdjustCreditsBody, PriceQuery, UpdatePriceBody } from './dtos/billing.dtos';

/** Platform operators: the price list and manual credits or debits of an organization's wallet. */
@ApiTags('admin')
@ApiBearerAuth('bearer')
@PlatformAdminOnly()
@Controller('admin')
export class AdminBillingController {
  constructor(private readonly rpc: ServiceRpc) {}

  @Get('prices')
  @ApiOperation({ summary: 'Every price row.' })
  @ApiOkResponse({ type: PriceList })
  listPrices(@RequestCorrelation() correlation: CorrelationContext, @Query() query: PriceQuery): Promise<PriceList> {
    return this.rpc.call(correlation, 'billing', ListPrices, query);
  }

  @Post('prices')
  @ApiOperation({ summary: 'Add a price for a country, route and/or message type.' })
  @ApiCreatedResponse({ type: PriceView })
  createPrice(@RequestCorrelation() correlation: CorrelationContext, @Body() body: CreatePriceRequest): Promise<PriceView> {
    return this.rpc.call(correlation, 'billing', CreatePrice, body);
  }

  @Patch('prices/:id')
  @ApiOperation({ summary: 'Change a price.' })
  @ApiOkResponse({ type: PriceView })
  updatePrice(
    @RequestCorrelation() correlation: CorrelationContext,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdatePriceBody,
  ): Promise<PriceView> {
    return this.rpc.call(correlation, 'billing', UpdatePrice, { priceId: id, unitPrice: body.unitPrice });
  }

  @Delete('prices/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a price (the default cannot be removed).' })
  @ApiNoContentResponse()
  async deletePrice(@RequestCorrelation() correlation: CorrelationContext, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.rpc.call(correlation, 'billing', DeletePrice, { priceId: id });
  }

  @Post('organizations/:id/credits')
  @Idempotent()
  @ApiOperation({ summary: "Credit (positive) or debit (negative) an organization's wallet, recorded with the operator and reason." })
  @ApiCreatedResponse({ type: AdjustmentView })
  adjust(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) organizationId: string,
    @Body() body: AdjustCreditsBody,
  ): Promise<AdjustmentView> {
    return this.rpc.call(correlation, 'billing', AdjustCredits, { organizationId, operatorId: principal.userId!, amount: body.amount, reason: body.reason });
  }
}
