import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  CreateTemplateRequest,
  DeletedTemplate,
  IngestionErrorCode,
  ListTemplatesRequest,
  TemplatePage,
  TemplateRef,
  TemplateView,
  UpdateTemplateRequest,
} from '@zagel/contracts';
import { DEFAULT_PAGE_SIZE, idCursor, pageOf } from '../shared/cursor';
import { IngestionError } from '../shared/ingestion-error';
import { declaredVariables } from './template-text';
import { TemplatesRepository, toTemplateView } from './templates.repository';

function providerCodes(codes: Record<string, unknown> | undefined): Record<string, string> {
  const entries = Object.entries(codes ?? {});
  const invalid = entries.filter(([provider, code]) => !/^[a-z0-9_-]{1,40}$/.test(provider) || typeof code !== 'string' || code.length > 200);
  if (invalid.length > 0) {
    throw new IngestionError(IngestionErrorCode.InvalidTemplate, 'providerCodes maps provider names to template codes (strings)', {
      reasons: invalid.map(([provider]) => provider),
    });
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

function notFound(): IngestionError {
  return new IngestionError(IngestionErrorCode.TemplateNotFound, 'the organization has no such template');
}

/** Templates: create, read (any version), list, edit (each edit of the text is a new version), delete. */
@Injectable()
export class TemplatesUseCases {
  constructor(
    private readonly dataSource: DataSource,
    private readonly templates: TemplatesRepository,
  ) {}

  async create(request: CreateTemplateRequest): Promise<TemplateView> {
    const id = uuidv7();
    const codes = providerCodes(request.providerCodes);
    await this.dataSource.transaction((manager) =>
      this.templates.insert(
        manager,
        { id, organizationId: request.organizationId, name: request.name.trim(), category: request.category },
        { body: request.body, variables: declaredVariables(request.body), providerCodes: codes },
      ),
    );
    return this.get({ organizationId: request.organizationId, templateId: id });
  }

  async get(request: TemplateRef): Promise<TemplateView> {
    const row = await this.templates.find(request.organizationId, request.templateId, request.version);
    if (!row) throw notFound();
    return toTemplateView(row);
  }

  async list(request: ListTemplatesRequest): Promise<TemplatePage> {
    const limit = request.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.templates.list(request.organizationId, limit + 1, idCursor(request.cursor), request.category);
    return pageOf(rows, limit, toTemplateView);
  }

  /** A new version when the text or provider codes change; name and category change in place. */
  async update(request: UpdateTemplateRequest): Promise<TemplateView> {
    await this.dataSource.transaction(async (manager) => {
      const current = await this.templates.lock(manager, request.organizationId, request.templateId);
      if (!current) throw notFound();
      const body = request.body ?? current.body;
      const codes = request.providerCodes === undefined ? current.provider_codes : providerCodes(request.providerCodes);
      const changed = body !== current.body || JSON.stringify(codes) !== JSON.stringify(current.provider_codes);
      const version = changed ? current.current_version + 1 : current.current_version;
      if (changed) {
        await this.templates.insertVersion(manager, current.id, version, { body, variables: declaredVariables(body), providerCodes: codes });
      }
      await this.templates.update(manager, current.id, {
        name: request.name?.trim() ?? current.name,
        category: request.category ?? current.category,
        currentVersion: version,
      });
    });
    return this.get({ organizationId: request.organizationId, templateId: request.templateId });
  }

  async delete(request: TemplateRef): Promise<DeletedTemplate> {
    if (!(await this.templates.softDelete(request.organizationId, request.templateId))) throw notFound();
    return { id: request.templateId };
  }
}
