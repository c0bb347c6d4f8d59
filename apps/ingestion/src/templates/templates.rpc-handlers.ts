import { Injectable, OnModuleInit } from '@nestjs/common';
import { CreateTemplate, DeleteTemplate, GetTemplate, ListTemplates, UpdateTemplate } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { CreateTemplateUseCase } from './create-template.use-case';
import { DeleteTemplateUseCase } from './delete-template.use-case';
import { GetTemplateUseCase } from './get-template.use-case';
import { ListTemplatesUseCase } from './list-templates.use-case';
import { UpdateTemplateUseCase } from './update-template.use-case';

@Injectable()
export class TemplatesRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly createTemplate: CreateTemplateUseCase,
    private readonly updateTemplate: UpdateTemplateUseCase,
    private readonly getTemplate: GetTemplateUseCase,
    private readonly listTemplates: ListTemplatesUseCase,
    private readonly deleteTemplate: DeleteTemplateUseCase,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(CreateTemplate, (request) => this.createTemplate.execute(request));
    this.bus.rpc.handle(UpdateTemplate, (request) => this.updateTemplate.execute(request));
    this.bus.rpc.handle(GetTemplate, (request) => this.getTemplate.execute(request));
    this.bus.rpc.handle(ListTemplates, (request) => this.listTemplates.execute(request));
    this.bus.rpc.handle(DeleteTemplate, (request) => this.deleteTemplate.execute(request));
  }
}
