import { Injectable } from '@nestjs/common';
import { TemplateRef, TemplateView } from '@zagel/contracts';
import { templateNotFound } from './templates.errors';
import { TemplatesRepository, toTemplateView } from './templates.repository';

/** A template as it is now, or as it was at one of its versions. */
@Injectable()
export class GetTemplateUseCase {
  constructor(private readonly templates: TemplatesRepository) {}

  async execute(request: TemplateRef): Promise<TemplateView> {
    const row = await this.templates.find(request.organizationId, request.templateId, request.version);
    if (!row) throw templateNotFound();
    return toTemplateView(row);
  }
}
