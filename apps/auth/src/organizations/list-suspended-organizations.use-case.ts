import { Injectable } from '@nestjs/common';
import { SuspendedOrganizations, SuspendedOrganizationsRequest } from '@zagel/contracts';
import { OrganizationsRepository } from './organizations.repository';

/** What a gateway loads at start; OrganizationStatusChanged events keep it current afterwards. */
@Injectable()
export class ListSuspendedOrganizationsUseCase {
  constructor(private readonly organizations: OrganizationsRepository) {}

  async execute(request: SuspendedOrganizationsRequest): Promise<SuspendedOrganizations> {
    const since = request.since ? new Date(request.since) : undefined;
    const valid = since && !Number.isNaN(since.getTime()) ? since : undefined;
    return { organizationIds: await this.organizations.suspendedIds(valid) };
  }
}
