import { Module } from '@nestjs/common';
import { CreateTemplateUseCase } from './create-template.use-case';
import { DeleteTemplateUseCase } from './delete-template.use-case';
import { GetTemplateUseCase } from './get-template.use-case';
import { ListTemplatesUseCase } from './list-templates.use-case';
import { TemplatesRepository } from './templates.repository';
import { TemplatesRpcHandlers } from './templates.rpc-handlers';
import { UpdateTemplateUseCase } from './update-template.use-case';

/** Message templates with `{{variable}}` placeholders, versioned, with per-provider template codes. */
@Module({
  providers: [
    TemplatesRepository,
    CreateTemplateUseCase,
    GetTemplateUseCase,
    ListTemplatesUseCase,
    UpdateTemplateUseCase,
    DeleteTemplateUseCase,
    TemplatesRpcHandlers,
  ],
  exports: [TemplatesRepository],
})
export class TemplatesModule {}
