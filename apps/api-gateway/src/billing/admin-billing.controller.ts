import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdjustCredits, AdjustmentView, CreatePrice, CreatePriceRequest, DeletePrice, ListPrices, PriceList, PriceView, UpdatePrice } from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { CurrentPrincipal, PlatformAdminOnly } from '../authentication/access-policy';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { ServiceRpc } from '../service-rpc/service-rpc';
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
  listPrices(@Query() query: PriceQuery): Promise<PriceList> {
    return this.rpc.call('billing', ListPrices, query);
  }

  @Post('prices')
  @ApiOperation({ summary: 'Add a price for a country, route and/or message type.' })
  @ApiCreatedResponse({ type: PriceView })
  createPrice(@Body() body: CreatePriceRequest): Promise<PriceView> {
    return this.rpc.call('billing', CreatePrice, body);
  }

  @Patch('prices/:id')
  @ApiOperation({ summary: 'Change a price.' })
  @ApiOkResponse({ type: PriceView })
  updatePrice(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdatePriceBody): Promise<PriceView> {
    return this.rpc.call('billing', UpdatePrice, { priceId: id, unitPrice: body.unitPrice });
  }

  @Delete('prices/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a price (the default cannot be removed).' })
  @ApiNoContentResponse()
  async deletePrice(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.rpc.call('billing', DeletePrice, { priceId: id });
  }

  @Post('organizations/:id/credits')
  @Idempotent()
  @ApiOperation({ summary: "Credit (positive) or debit (negative) an organization's wallet, recorded with the operator and reason." })
  @ApiCreatedResponse({ type: AdjustmentView })
  adjust(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) organizationId: string,
    @Body() body: AdjustCreditsBody,
  ): Promise<AdjustmentView> {
    return this.rpc.call('billing', AdjustCredits, { organizationId, operatorId: principal.userId!, amount: body.amount, reason: body.reason });
  }
}
