import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Principal } from '@zagel/identity';
import { CorrelationContext } from '@zagel/observability';
import { CurrentPrincipal, RequireScopes } from '../authentication/access-policy';
import { AcceptsBasicAuth } from '../authentication/twilio-basic.strategy';
import { TwilioErrorFilter } from './twilio-error.filter';
import { TwilioErrors } from './twilio-errors';
import { accountPath, TwilioMessageResource } from './twilio-message-resource';
import { TwilioForm } from './twilio-message-form';
import { TwilioMessagePage, TwilioMessages } from './twilio-messages';
import { TWILIO_COMPAT_PREFIX } from './twilio-paths';
import { RequestCorrelation } from '../service-rpc/request-correlation';

/** Twilio's Programmable Messaging API (2010-04-01), as its clients call it with a changed base URL. */
@ApiExcludeController()
@AcceptsBasicAuth()
@UseFilters(new TwilioErrorFilter('messaging'))
@Controller(`${TWILIO_COMPAT_PREFIX}/2010-04-01/Accounts/:AccountSid`)
export class TwilioMessagesController {
  constructor(private readonly messages: TwilioMessages) {}

  @Post('Messages.json')
  @HttpCode(HttpStatus.CREATED)
  @RequireScopes('messages:send')
  create(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('AccountSid') accountSid: string,
    @Body() form: TwilioForm,
  ): Promise<TwilioMessageResource> {
    return this.messages.create(correlation, principal, accountSid, form ?? {});
  }

  @Get('Messages.json')
  @RequireScopes('messages:read')
  list(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('AccountSid') accountSid: string,
    @Query() query: TwilioForm,
  ): Promise<TwilioMessagePage> {
    return this.messages.list(correlation, principal, accountSid, query);
  }

  @Get('Messages/:resource')
  @RequireScopes('messages:read')
  fetch(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('AccountSid') accountSid: string,
    @Param('resource') resource: string,
  ): Promise<TwilioMessageResource> {
    return this.messages.fetch(correlation, principal, accountSid, messageSidOf(accountSid, resource));
  }

  @Post('Messages/:resource')
  @HttpCode(HttpStatus.OK)
  @RequireScopes('messages:send')
  update(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('AccountSid') accountSid: string,
    @Param('resource') resource: string,
    @Body() form: TwilioForm,
  ): Promise<TwilioMessageResource> {
    return this.messages.update(correlation, principal, accountSid, messageSidOf(accountSid, resource), form ?? {});
  }
}

/** `SM….json` → `SM…`; any other resource name is Twilio's 404. */
function messageSidOf(accountSid: string, resource: string): string {
  const sid = /^(.+)\.json$/.exec(resource)?.[1];
  if (!sid) throw TwilioErrors.notFound(`${accountPath(accountSid)}/Messages/${resource}`);
  return sid;
}
