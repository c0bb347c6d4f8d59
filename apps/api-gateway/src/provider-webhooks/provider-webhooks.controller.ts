import { Controller, Get, HttpCode, HttpStatus, Param, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ReceiveProviderReport } from '@zagel/contracts';
import { CorrelationContext } from '@zagel/observability';
import { SignedWebhook } from '../authentication/access-policy';
import { ApiGatewayConfig } from '../config';
import { ServiceRpc } from '../service-rpc/service-rpc';
import { RequestCorrelation } from '../service-rpc/request-correlation';
import { providerWebhookRequest } from './provider-webhook-request';

/**
 * Providers' delivery reports. Public (the provider authenticates with its signature, which its adapter
 * checks in provider-sender); answered 204 as soon as the reports are recorded.
 */
@ApiExcludeController()
@SignedWebhook()
@Controller('webhooks/providers')
export class ProviderWebhooksController {
  constructor(
    private readonly rpc: ServiceRpc,
    private readonly settings: ApiGatewayConfig,
  ) {}

  @Post(':provider')
  @HttpCode(HttpStatus.NO_CONTENT)
  async post(
    @RequestCorrelation() correlation: CorrelationContext,
    @Param('provider') provider: string,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.forward(correlation, provider, request);
  }

  /** Some providers report with GET and query parameters. */
  @Get(':provider')
  @HttpCode(HttpStatus.NO_CONTENT)
  async get(
    @RequestCorrelation() correlation: CorrelationContext,
    @Param('provider') provider: string,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.forward(correlation, provider, request);
  }

  private async forward(correlation: CorrelationContext, provider: string, request: FastifyRequest): Promise<void> {
    await this.rpc.call(correlation, 'provider-sender', ReceiveProviderReport, providerWebhookRequest(provider, request, this.settings.TRUST_FORWARDED_HEADERS));
  }
}
