import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { ListOrganizationsUseCase } from './list-organizations.use-case';
import { ListSuspendedOrganizationsUseCase } from './list-suspended-organizations.use-case';
import { OrganizationsRepository } from './organizations.repository';
import { OrganizationsController } from './organizations.controller';
import { SetOrganizationStatusUseCase } from './set-organization-status.use-case';

/** Operators' view of organizations: list, suspend/reactivate, the suspended list for gateways. */
@Module({
  imports: [IdentityModule],
  controllers: [OrganizationsController],
  providers: [
    OrganizationsRepository,
    ListOrganizationsUseCase,
    SetOrganizationStatusUseCase,
    ListSuspendedOrganizationsUseCase,
  ],
})
export class OrganizationsModule {}
