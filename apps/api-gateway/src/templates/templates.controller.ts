import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateTemplate, DeleteTemplate, GetTemplate, ListTemplates, TemplatePage, TemplateView, UpdateTemplate } from '@zagel/contracts';
import { Principal } from '@zagel/identity';
import { CurrentPrincipal, RequireScopes } from '../authentication/access-policy';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { ServiceRpc } from '../service-rpc/service-rpc';
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
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateTemplateBody): Promise<TemplateView> {
    return this.rpc.call('ingestion', CreateTemplate, { ...body, organizationId: principal.organizationId! });
  }

  @Get()
  @ApiOperation({ summary: "The organization's templates (current versions)." })
  @ApiOkResponse({ type: TemplatePage })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListTemplatesQuery): Promise<TemplatePage> {
    return this.rpc.call('ingestion', ListTemplates, { ...query, organizationId: principal.organizationId! });
  }

  @Get(':id')
  @ApiOperation({ summary: 'A template, at its current or a given version.' })
  @ApiOkResponse({ type: TemplateView })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: TemplateVersionQuery,
  ): Promise<TemplateView> {
    return this.rpc.call('ingestion', GetTemplate, { organizationId: principal.organizationId!, templateId: id, ...query });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit a template; a new text or provider codes make a new version.' })
  @ApiOkResponse({ type: TemplateView })
  update(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateTemplateBody): Promise<TemplateView> {
    return this.rpc.call('ingestion', UpdateTemplate, { ...body, organizationId: principal.organizationId!, templateId: id });
  }

  @Put(':id')
  @ApiOperation({ summary: 'Same as PATCH.' })
  @ApiOkResponse({ type: TemplateView })
  replace(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateTemplateBody): Promise<TemplateView> {
    return this.update(principal, id, body);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a template (messages keep their templateId and version).' })
  @ApiNoContentResponse()
  async delete(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.rpc.call('ingestion', DeleteTemplate, { organizationId: principal.organizationId!, templateId: id });
  }
}
