import { Body, Controller, HttpCode, HttpStatus, Param, Post, Req, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Principal } from '@zagel/identity';
import { CorrelationContext } from '@zagel/observability';
import { CurrentPrincipal, RequireScopes } from '../authentication/access-policy';
import { AcceptsBasicAuth } from '../authentication/twilio-basic.strategy';
import { ApiGatewayConfig } from '../config';
import { publicRequestUrl } from '../provider-webhooks/public-request-url';
import { TwilioErrorFilter } from './twilio-error.filter';
import { TwilioForm } from './twilio-message-form';
import { TWILIO_COMPAT_PREFIX } from './twilio-paths';
import { TwilioVerificationResource, TwilioVerify } from './twilio-verify';
import { RequestCorrelation } from '../service-rpc/request-correlation';

/** Twilio Verify v2's verifications, as its clients call them with a changed base URL. */
@ApiExcludeController()
@AcceptsBasicAuth()
@UseFilters(new TwilioErrorFilter('verify'))
@Controller(`${TWILIO_COMPAT_PREFIX}/v2/Services/:ServiceSid`)
export class TwilioVerifyController {
  constructor(
    private readonly verify: TwilioVerify,
    private readonly settings: ApiGatewayConfig,
  ) {}

  @Post('Verifications')
  @HttpCode(HttpStatus.CREATED)
  @RequireScopes('verify')
  start(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('ServiceSid') serviceSid: string,
    @Body() form: TwilioForm,
    @Req() request: FastifyRequest,
  ): Promise<TwilioVerificationResource> {
    const base = publicRequestUrl({ protocol: request.protocol, url: `/${TWILIO_COMPAT_PREFIX}`, headers: request.headers }, this.settings.TRUST_FORWARDED_HEADERS);
    return this.verify.start(correlation, principal, serviceSid, form ?? {}, base);
  }

  @Post('VerificationCheck')
  @HttpCode(HttpStatus.OK)
  @RequireScopes('verify')
  check(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('ServiceSid') serviceSid: string,
    @Body() form: TwilioForm,
  ): Promise<TwilioVerificationResource> {
    return this.verify.check(correlation, principal, serviceSid, form ?? {});
  }
}
