import { Injectable } from '@nestjs/common';
import { ApiKeyPage, ListApiKeysRequest } from '@zagel/contracts';
import { idCursor } from '../shared/cursor';
import { ApiKeysRepository, toApiKeyView } from './api-keys.repository';

const DEFAULT_PAGE_SIZE = 50;

@Injectable()
export class ListApiKeysUseCase {
  constructor(private readonly apiKeys: ApiKeysRepository) {}

  async execute(request: ListApiKeysRequest): Promise<ApiKeyPage> {
    const limit = request.limit ?? DEFAULT_PAGE_SIZE;
    const keys = await this.apiKeys.listLive(request.organizationId, limit + 1, idCursor(request.cursor));
    const page = keys.slice(0, limit);
    return {
      items: page.map(toApiKeyView),
      ...(keys.length > limit ? { nextCursor: page[page.length - 1].id } : {}),
    };
  }
}
