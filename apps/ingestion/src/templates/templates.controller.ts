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
import { CreateTemplateUseCase } from './create-template.use-case';
import { DeleteTemplateUseCase } from './delete-template.use-case';
import { GetTemplateUseCase } from './get-template.use-case';
import { ListTemplatesUseCase } from './list-templates.use-case';
import { UpdateTemplateUseCase } from './update-template.use-case';

@Controller()
export class TemplatesController {
  constructor(
    private readonly createTemplateUseCase: CreateTemplateUseCase,
    private readonly updateTemplateUseCase: UpdateTemplateUseCase,
    private readonly getTemplateUseCase: GetTemplateUseCase,
    private readonly listTemplatesUseCase: ListTemplatesUseCase,
    private readonly deleteTemplateUseCase: DeleteTemplateUseCase,
  ) {}

  @MessagePattern(CreateTemplate.type)
  createTemplate(@Payload() request: CreateTemplateRequest) {
    return this.createTemplateUseCase.execute(request);
  }

  @MessagePattern(UpdateTemplate.type)
  updateTemplate(@Payload() request: UpdateTemplateRequest) {
    return this.updateTemplateUseCase.execute(request);
  }

  @MessagePattern(GetTemplate.type)
  getTemplate(@Payload() request: TemplateRef) {
    return this.getTemplateUseCase.execute(request);
  }

  @MessagePattern(ListTemplates.type)
  listTemplates(@Payload() request: ListTemplatesRequest) {
    return this.listTemplatesUseCase.execute(request);
  }

  @MessagePattern(DeleteTemplate.type)
  deleteTemplate(@Payload() request: TemplateRef) {
    return this.deleteTemplateUseCase.execute(request);
  }
}
