import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateTemplate, DeleteTemplate, GetTemplate, ListTemplates, TemplatePage, TemplateView, UpdateTemplate } from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { CorrelationContext } from '@zagel/observability';
import { CurrentPrincipal, RequireScopes } from '../authentication/access-policy';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { ServiceRpc } from '../service-rpc/service-rpc';
import { RequestCorrelation } from '../service-rpc/request-correlation';
import { CreateTemplateBody, ListTemplatesQuery, TemplateVersionQuery, UpdateTemplateBody } from './dtos/template.dtos';

@ApiTags('templates')
@ApiBearerAuth('bearer')
@RequireScopes('templates')
@Controller('templates')
export class TemplatesController {
  constructor(private readonly rpc: ServiceRpc) {}

  @Post()
  @Idempotent()
  @ApiOperation({ summary: 'Create a template with {{variable}} placeholders (version 1).' })
  @ApiCreatedResponse({ type: TemplateView })
  create(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateTemplateBody,
  ): Promise<TemplateView> {
    return this.rpc.call(correlation, 'ingestion', CreateTemplate, { ...body, organizationId: principal.organizationId! });
  }

  @Get()
  @ApiOperation({ summary: "The organization's templates (current versions)." })
  @ApiOkResponse({ type: TemplatePage })
  list(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListTemplatesQuery,
  ): Promise<TemplatePage> {
    return this.rpc.call(correlation, 'ingestion', ListTemplates, { ...query, organizationId: principal.organizationId! });
  }

  @Get(':id')
  @ApiOperation({ summary: 'A template, at its current or a given version.' })
  @ApiOkResponse({ type: TemplateView })
  get(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: TemplateVersionQuery,
  ): Promise<TemplateView> {
    return this.rpc.call(correlation, 'ingestion', GetTemplate, { organizationId: principal.organizationId!, templateId: id, ...query });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit a template; a new text or provider codes make a new version.' })
  @ApiOkResponse({ type: TemplateView })
  update(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateTemplateBody,
  ): Promise<TemplateView> {
    return this.rpc.call(correlation, 'ingestion', UpdateTemplate, { ...body, organizationId: principal.organizationId!, templateId: id });
  }

  @Put(':id')
  @ApiOperation({ summary: 'Same as PATCH.' })
  @ApiOkResponse({ type: TemplateView })
  replace(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateTemplateBody,
  ): Promise<TemplateView> {
    return this.update(correlation, principal, id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a template (messages keep their templateId and version).' })
  @ApiNoContentResponse()
  async delete(
    @RequestCorrelation() correlation: CorrelationContext,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<void> {
    await this.rpc.call(correlation, 'ingestion', DeleteTemplate, { organizationId: principal.organizationId!, templateId: id });
  }
}
