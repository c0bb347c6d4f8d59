import { Injectable } from '@nestjs/common';
import { DeletedTemplate, TemplateRef } from '@zagel/contracts';
import { templateNotFound } from './templates.errors';
import { TemplatesRepository } from './templates.repository';

@Injectable()
export class DeleteTemplateUseCase {
  constructor(private readonly templates: TemplatesRepository) {}

  async execute(request: TemplateRef): Promise<DeletedTemplate> {
    if (!(await this.templates.softDelete(request.organizationId, request.templateId))) throw templateNotFound();
    return { id: request.templateId };
  }
}
