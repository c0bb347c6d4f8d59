import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyPage, ApiKeyView, CreateApiKey, CreatedApiKey, ListApiKeys, RevokeApiKey, TwilioSidPrefix, twilioSid } from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { CorrelationContext } from '@zagel/observability';
import { CurrentPrincipal, RequireRoles } from '../authentication/access-policy';
import { AuthRpc } from '../service-rpc/service-rpc';
import { RequestCorrelation } from '../service-rpc/request-correlation';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { CreateApiKeyBody, ListApiKeysQuery } from './dtos/api-key.dtos';

/** The key's credentials for the Twilio-compatible API (`/twilio`): derived from the ids, nothing stored. */
function withTwilioSids<K extends ApiKeyView>(organizationId: string, key: K): K {
  return {
    ...key,
    twilioAccountSid: twilioSid(TwilioSidPrefix.Account, organizationId),
    twilioKeySid: twilioSid(TwilioSidPrefix.ApiKey, key.id),
    twilioVerifyServiceSid: twilioSid(TwilioSidPrefix.VerifyService, organizationId),
  };
}

/** Roles imply an organization, so `organizationId` is always there on these routes. */
@ApiTags('api-keys')
@ApiBearerAuth('bearer')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly auth: AuthRpc) {}

  @Post()
  @Idempotent()
  @RequireRoles('owner', 'admin')
  @ApiOperation({ summary: 'Create an API key; the key is shown in this response only.' })
  @ApiCreatedResponse({ type: CreatedApiKey })
  async create(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateApiKeyBody,
  ): Promise<CreatedApiKey> {
    const created = await this.auth.call(correlation, CreateApiKey, { ...body, organizationId: principal.organizationId!, userId: principal.userId! });
    return withTwilioSids(principal.organizationId!, created);
  }

  @Get()
  @RequireRoles('owner', 'admin', 'member')
  @ApiOperation({ summary: "The organization's API keys (prefix, scopes, last use; never the key)." })
  @ApiOkResponse({ type: ApiKeyPage })
  async list(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListApiKeysQuery,
  ): Promise<ApiKeyPage> {
    const page = await this.auth.call(correlation, ListApiKeys, { ...query, organizationId: principal.organizationId! });
    return { ...page, items: page.items.map((key) => withTwilioSids(principal.organizationId!, key)) };
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequireRoles('owner', 'admin')
  @ApiOperation({ summary: 'Revoke an API key; it stops working within seconds.' })
  @ApiNoContentResponse()
  async revoke(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    await this.auth.call(correlation, RevokeApiKey, { organizationId: principal.organizationId!, apiKeyId: id, revokedBy: principal.userId! });
  }
}
