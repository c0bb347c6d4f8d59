import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateTemplate,
  CreateTemplateRequest,
  DeleteTemplate,
  GetTemplate,
  ListTemplates,
  ListTemplatesRequest,
  TemplateRef,
  UpdateTemplate,
  UpdateTemplateRequest,
} from '@zagel/contracts';
import { TemplatesUseCases } from './templates.use-cases';

@Controller()
export class TemplatesController {
  constructor(private readonly templates: TemplatesUseCases) {}

  @MessagePattern(CreateTemplate.type)
  createTemplate(@Payload() request: CreateTemplateRequest) {
    return this.templates.create(request);
  }

  @MessagePattern(UpdateTemplate.type)
  updateTemplate(@Payload() request: UpdateTemplateRequest) {
    return this.templates.update(request);
  }

  @MessagePattern(GetTemplate.type)
  getTemplate(@Payload() request: TemplateRef) {
    return this.templates.get(request);
  }

  @MessagePattern(ListTemplates.type)
  listTemplates(@Payload() request: ListTemplatesRequest) {
    return this.templates.list(request);
  }

  @MessagePattern(DeleteTemplate.type)
  deleteTemplate(@Payload() request: TemplateRef) {
    return this.templates.delete(request);
  }
}
