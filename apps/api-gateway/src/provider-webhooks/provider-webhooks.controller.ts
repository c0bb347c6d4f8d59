import { Controller, Get, HttpCode, HttpStatus, Param, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ReceiveProviderReport } from '@zagel/contracts';
import { SignedWebhook } from '../authentication/access-policy';
import { ApiGatewayConfig } from '../config';
import { RequestWithRawBody } from '../public-http/configure-public-http';
import { ServiceRpc } from '../service-rpc/service-rpc';
import { lowerCaseHeaders, publicRequestUrl } from './public-request-url';

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
  async post(@Param('provider') provider: string, @Req() request: FastifyRequest): Promise<void> {
    await this.forward(provider, request);
  }

  /** Some providers report with GET and query parameters. */
  @Get(':provider')
  @HttpCode(HttpStatus.NO_CONTENT)
  async get(@Param('provider') provider: string, @Req() request: FastifyRequest): Promise<void> {
    await this.forward(provider, request);
  }

  private async forward(provider: string, request: FastifyRequest): Promise<void> {
    const rawBody = (request as RequestWithRawBody).rawBody;
    await this.rpc.call('provider-sender', ReceiveProviderReport, {
      provider: provider.slice(0, 64),
      method: request.method,
      url: publicRequestUrl(
        { protocol: request.protocol, url: request.url, headers: request.headers },
        this.settings.TRUST_FORWARDED_HEADERS,
      ),
      headers: lowerCaseHeaders(request.headers),
      rawBody: rawBody ? rawBody.toString('utf8') : '',
      query: Object.fromEntries(Object.entries((request.query ?? {}) as Record<string, unknown>).map(([name, value]) => [name, String(value)])),
    });
  }
}
