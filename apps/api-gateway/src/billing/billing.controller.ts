import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CreateCheckout, GetBalance, ListLedger, ListPrices } from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { CurrentPrincipal, RequireRoles, RequireScopes } from '../authentication/access-policy';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { ServiceRpc } from '../service-rpc/service-rpc';
import { BalanceResponse, CheckoutBody, CheckoutResponse, LedgerPageResponse, LedgerQuery, PriceListResponse, PriceQuery } from './dtos/billing.dtos';

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
  @ApiOkResponse({ type: BalanceResponse })
  balance(@CurrentPrincipal() principal: Principal): Promise<BalanceResponse> {
    return this.rpc.call('billing', GetBalance, { organizationId: principal.organizationId! });
  }

  @Get('ledger')
  @RequireScopes('billing:read')
  @ApiOperation({ summary: "The wallet's movements, newest first (cursor pagination; filter by kind and time)." })
  @ApiOkResponse({ type: LedgerPageResponse })
  ledger(@CurrentPrincipal() principal: Principal, @Query() query: LedgerQuery): Promise<LedgerPageResponse> {
    return this.rpc.call('billing', ListLedger, { ...query, organizationId: principal.organizationId! });
  }

  @Get('prices')
  @RequireScopes('billing:read')
  @ApiOperation({ summary: 'Prices per SMS segment by country, route and message type.' })
  @ApiOkResponse({ type: PriceListResponse })
  prices(@Query() query: PriceQuery): Promise<PriceListResponse> {
    return this.rpc.call('billing', ListPrices, query);
  }

  @Post('checkout')
  @Idempotent()
  @RequireRoles('owner', 'admin')
  @ApiOperation({ summary: 'Start a Stripe Checkout top-up; the wallet is credited when Stripe reports the payment.' })
  @ApiCreatedResponse({ type: CheckoutResponse })
  checkout(@CurrentPrincipal() principal: Principal, @Body() body: CheckoutBody): Promise<CheckoutResponse> {
    return this.rpc.call('billing', CreateCheckout, { amount: body.amount, organizationId: principal.organizationId!, userId: principal.userId! });
  }
}
