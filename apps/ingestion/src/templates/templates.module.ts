import { Module } from '@nestjs/common';
import { TemplatesRepository } from './templates.repository';
import { TemplatesRpcHandlers } from './templates.rpc-handlers';
import { TemplatesUseCases } from './templates.use-cases';

/** Message templates with `{{variable}}` placeholders, versioned, with per-provider template codes. */
@Module({
  providers: [TemplatesRepository, TemplatesUseCases, TemplatesRpcHandlers],
  exports: [TemplatesRepository],
})
export class TemplatesModule {}
