import { Injectable } from '@nestjs/common';
import { ListOrganizationsRequest, OrganizationPage } from '@zagel/contracts';
import { toOrganizationView } from '../identity/identity.views';
import { idCursor } from '../shared/cursor';
import { OrganizationsRepository } from './organizations.repository';

const DEFAULT_PAGE_SIZE = 50;

/** For operators (the gateway checks platform_admin before calling). */
@Injectable()
export class ListOrganizationsUseCase {
  constructor(private readonly organizations: OrganizationsRepository) {}

  async execute(request: ListOrganizationsRequest): Promise<OrganizationPage> {
    const limit = request.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.organizations.page(limit + 1, request.status, idCursor(request.cursor));
    const page = rows.slice(0, limit);
    return {
      items: page.map(toOrganizationView),
      ...(rows.length > limit ? { nextCursor: page[page.length - 1].id } : {}),
    };
  }
}
