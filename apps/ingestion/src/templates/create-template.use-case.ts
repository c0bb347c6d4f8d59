import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { CreateTemplateRequest, TemplateView } from '@zagel/contracts';
import { GetTemplateUseCase } from './get-template.use-case';
import { providerCodes } from './provider-codes';
import { declaredVariables } from './template-text';
import { TemplatesRepository } from './templates.repository';

@Injectable()
export class CreateTemplateUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly templates: TemplatesRepository,
    private readonly getTemplate: GetTemplateUseCase,
  ) {}

  async execute(request: CreateTemplateRequest): Promise<TemplateView> {
    const id = uuidv7();
    const codes = providerCodes(request.providerCodes);
    await this.dataSource.transaction((manager) =>
      this.templates.insert(
        manager,
        { id, organizationId: request.organizationId, name: request.name.trim(), category: request.category },
        { body: request.body, variables: declaredVariables(request.body), providerCodes: codes },
      ),
    );
    return this.getTemplate.execute({ organizationId: request.organizationId, templateId: id });
  }
}
