import { Injectable, OnModuleInit } from '@nestjs/common';
import { CreateTemplate, DeleteTemplate, GetTemplate, ListTemplates, UpdateTemplate } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { TemplatesUseCases } from './templates.use-cases';

@Injectable()
export class TemplatesRpcHandlers implements OnModuleInit {
  constructor(
    private readonly bus: Bus,
    private readonly templates: TemplatesUseCases,
  ) {}

  onModuleInit(): void {
    this.bus.rpc.handle(CreateTemplate, (request) => this.templates.create(request));
    this.bus.rpc.handle(UpdateTemplate, (request) => this.templates.update(request));
    this.bus.rpc.handle(GetTemplate, (request) => this.templates.get(request));
    this.bus.rpc.handle(ListTemplates, (request) => this.templates.list(request));
    this.bus.rpc.handle(DeleteTemplate, (request) => this.templates.delete(request));
  }
}
