import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { BalanceView, CheckoutSessionView, CreateCheckout, GetBalance, LedgerPage, ListLedger, ListPrices, PriceList } from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { CorrelationContext } from '@zagel/observability';
import { CurrentPrincipal, RequireRoles, RequireScopes } from '../authentication/access-policy';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { ServiceRpc } from '../service-rpc/service-rpc';
import { RequestCorrelation } from '../service-rpc/request-correlation';
import { CheckoutBody, LedgerQuery, PriceQuery } from './dtos/billing.dtos';

/** The organization's wallet: balance, ledger, prices, and Stripe top-ups. */
@ApiTags('billing')
@ApiBearerAuth('bearer')
@ApiSecurity('apiKey')
@Controller('billing')
export class BillingController {
  constructor(private readonly rpc: ServiceRpc) {}

  @Get('balance')
  @RequireScopes('billing:read')
  @ApiOperation({ summary: 'Available and reserved balance, in minor units of the platform currency.' })
  @ApiOkResponse({ type: BalanceView })
  balance(@RequestCorrelation() correlation: CorrelationContext, @CurrentPrincipal() principal: Principal): Promise<BalanceView> {
    return this.rpc.call(correlation, 'billing', GetBalance, { organizationId: principal.organizationId! });
  }

  @Get('ledger')
  @RequireScopes('billing:read')
  @ApiOperation({ summary: "The wallet's movements, newest first (cursor pagination; filter by kind and time)." })
  @ApiOkResponse({ type: LedgerPage })
  ledger(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Query() query: LedgerQuery,
  ): Promise<LedgerPage> {
    return this.rpc.call(correlation, 'billing', ListLedger, { ...query, organizationId: principal.organizationId! });
  }

  @Get('prices')
  @RequireScopes('billing:read')
  @ApiOperation({ summary: 'Prices per SMS segment by country, route and message type.' })
  @ApiOkResponse({ type: PriceList })
  prices(@RequestCorrelation() correlation: CorrelationContext, @Query() query: PriceQuery): Promise<PriceList> {
    return this.rpc.call(correlation, 'billing', ListPrices, query);
  }

  @Post('checkout')
  @Idempotent()
  @RequireRoles('owner', 'admin')
  @ApiOperation({ summary: 'Start a Stripe Checkout top-up; the wallet is credited when Stripe reports the payment.' })
  @ApiCreatedResponse({ type: CheckoutSessionView })
  checkout(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Body() body: CheckoutBody,
  ): Promise<CheckoutSessionView> {
    return this.rpc.call(correlation, 'billing', CreateCheckout, { amount: body.amount, organizationId: principal.organizationId!, userId: principal.userId! });
  }
}
