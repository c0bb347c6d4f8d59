import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReceiveProviderInbound } from '@zagel/contracts';
import { CorrelationContext } from '@zagel/observability';
import { SignedWebhook } from '../authentication/access-policy';
import { ApiGatewayConfig } from '../config';
import { ServiceRpc } from '../service-rpc/service-rpc';
import { RequestCorrelation } from '../service-rpc/request-correlation';
import { providerWebhookRequest } from './provider-webhook-request';

const ANSWER_DESCRIPTION =
  'Published: the answer the provider expects (Twilio: an empty TwiML `<Response/>` as text/xml; the others: 200 with an empty body).';

/**
 * Providers' inbound SMS (MO) webhooks. Public: the provider authenticates with its own signature (or the
 * account's URL token), which its adapter checks in provider-sender before anything is published.
 */
@ApiTags('inbound')
@SignedWebhook()
@Controller('webhooks/providers')
export class ProviderInboundWebhooksController {
  constructor(
    private readonly rpc: ServiceRpc,
    private readonly settings: ApiGatewayConfig,
  ) {}

  @Post(':provider/inbound')
  @ApiOperation({
    summary: "A provider's inbound SMS webhook, in the provider's own format and signature",
    description:
      "Set as the inbound (MO) URL of a number or line at the provider. Twilio (form, X-Twilio-Signature), Vonage SMS API (`sig` or a signed JWT), Plivo (X-Plivo-Signature-V3), Clickatell, SMS.IR and Kavenegar (the account's secret `?token=` in the URL), generic HTTP gateways (HMAC-SHA256 header). A bad signature is refused with 403 `inbound_signature_invalid` and nothing is published; a repeated webhook (same provider message id) is published with the same dedupe key.",
  })
  @ApiParam({ name: 'provider', description: 'The provider account: its name or id, or its kind when only one account has that kind.' })
  @ApiProduces('text/xml', 'text/plain')
  @ApiOkResponse({ description: ANSWER_DESCRIPTION, schema: { type: 'string' } })
  post(
    @RequestCorrelation() correlation: CorrelationContext,
    @Param('provider') provider: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.forward(correlation, provider, request, reply);
  }

  /** Vonage (and Kavenegar lines set so) deliver inbound messages with GET and query parameters. */
  @Get(':provider/inbound')
  @ApiOperation({ summary: "A provider's inbound SMS webhook delivered with GET and query parameters (Vonage, Kavenegar)" })
  @ApiParam({ name: 'provider', description: 'The provider account: its name or id, or its kind when only one account has that kind.' })
  @ApiProduces('text/xml', 'text/plain')
  @ApiOkResponse({ description: ANSWER_DESCRIPTION, schema: { type: 'string' } })
  get(
    @RequestCorrelation() correlation: CorrelationContext,
    @Param('provider') provider: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.forward(correlation, provider, request, reply);
  }

  private async forward(correlation: CorrelationContext, provider: string, request: FastifyRequest, reply: FastifyReply): Promise<string> {
    const answer = await this.rpc.call(
      correlation,
      'provider-sender',
      ReceiveProviderInbound,
      providerWebhookRequest(provider, request, this.settings.TRUST_FORWARDED_HEADERS),
    );
    reply.status(answer.status).header('content-type', answer.contentType);
    return answer.body;
  }
}
