import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthErrorCode, OrganizationStatusChanged, OrganizationView, SetOrganizationStatusRequest } from '@zagel/contracts';
import { Outbox } from '@zagel/database';
import { IdentityRepository } from '../identity/identity.repository';
import { toOrganizationView } from '../identity/identity.views';
import { OrganizationsRepository } from './organizations.repository';
import { AuthError } from '../shared/auth-error';

/**
 * Suspends or reactivates an organization: audited with the operator's id and announced, so
 * gateways stop (or resume) accepting its keys and tokens. Setting the current status changes nothing.
 */
@Injectable()
export class SetOrganizationStatusUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly identity: IdentityRepository,
    private readonly organizations: OrganizationsRepository,
  ) {}

  async execute(request: SetOrganizationStatusRequest): Promise<OrganizationView> {
    const { organizationId, status, actorId } = request;
    const organization = await this.dataSource.transaction(async (manager) => {
      const current = await this.organizations.findForUpdate(manager, organizationId);
      if (!current || current.status === status) return current;
      await this.organizations.setStatus(manager, organizationId, status, actorId);
      await this.identity.audit(manager, {
        actorId,
        action: status === 'suspended' ? 'organization.suspended' : 'organization.reactivated',
        organizationId,
        details: { from: current.status, to: status },
      });
      await Outbox.add(
        manager,
        OrganizationStatusChanged,
        { organizationId, status, actorId, at: new Date().toISOString() },
        { tenantId: organizationId },
      );
      return this.identity.organization(organizationId, manager);
    });
    if (!organization) throw new AuthError(AuthErrorCode.NotFound, 'no such organization');
    return toOrganizationView(organization);
  }
}
