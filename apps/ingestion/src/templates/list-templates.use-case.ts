import { Injectable } from '@nestjs/common';
import { ListTemplatesRequest, TemplatePage } from '@zagel/contracts';
import { DEFAULT_PAGE_SIZE, idCursor, pageOf } from '../shared/cursor';
import { TemplatesRepository, toTemplateView } from './templates.repository';

@Injectable()
export class ListTemplatesUseCase {
  constructor(private readonly templates: TemplatesRepository) {}

  async execute(request: ListTemplatesRequest): Promise<TemplatePage> {
    const limit = request.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.templates.list(request.organizationId, limit + 1, idCursor(request.cursor), request.category);
    return pageOf(rows, limit, toTemplateView);
  }
}
