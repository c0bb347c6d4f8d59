import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TemplateView, UpdateTemplateRequest } from '@zagel/contracts';
import { GetTemplateUseCase } from './get-template.use-case';
import { providerCodes } from './provider-codes';
import { declaredVariables } from './template-text';
import { templateNotFound } from './templates.errors';
import { TemplatesRepository } from './templates.repository';

/** A new version when the text or provider codes change; name and category change in place. */
@Injectable()
export class UpdateTemplateUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly templates: TemplatesRepository,
    private readonly getTemplate: GetTemplateUseCase,
  ) {}

  async execute(request: UpdateTemplateRequest): Promise<TemplateView> {
    await this.dataSource.transaction(async (manager) => {
      const current = await this.templates.lock(manager, request.organizationId, request.templateId);
      if (!current) throw templateNotFound();
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
    return this.getTemplate.execute({ organizationId: request.organizationId, templateId: request.templateId });
  }
}
