import { Module } from '@nestjs/common';
import { CreateTemplateUseCase } from './create-template.use-case';
import { DeleteTemplateUseCase } from './delete-template.use-case';
import { GetTemplateUseCase } from './get-template.use-case';
import { ListTemplatesUseCase } from './list-templates.use-case';
import { TemplatesController } from './templates.controller';
import { TemplatesRepository } from './templates.repository';
import { UpdateTemplateUseCase } from './update-template.use-case';

/** Message templates with `{{variable}}` placeholders, versioned, with per-provider template codes. */
@Module({
  controllers: [TemplatesController],
  providers: [TemplatesRepository, CreateTemplateUseCase, GetTemplateUseCase, ListTemplatesUseCase, UpdateTemplateUseCase, DeleteTemplateUseCase],
  exports: [TemplatesRepository],
})
export class TemplatesModule {}
