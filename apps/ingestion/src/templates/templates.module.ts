import { Module } from '@nestjs/common';
import { TemplatesRepository } from './templates.repository';
import { TemplatesController } from './templates.controller';
import { TemplatesUseCases } from './templates.use-cases';

/** Message templates with `{{variable}}` placeholders, versioned, with per-provider template codes. */
@Module({
  controllers: [TemplatesController],
  providers: [TemplatesRepository, TemplatesUseCases],
  exports: [TemplatesRepository],
})
export class TemplatesModule {}
