import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEntryEntity } from './audit-entry.entity';
import { IdentityRepository } from './identity.repository';
import { InvitationEntity } from './invitation.entity';
import { MembershipEntity } from './membership.entity';
import { OrganizationEntity } from './organization.entity';
import { UserEntity } from './user.entity';

export const identityEntities = [OrganizationEntity, UserEntity, MembershipEntity, InvitationEntity, AuditEntryEntity];

/** The people and organizations every other auth feature reads. */
@Module({
  imports: [TypeOrmModule.forFeature(identityEntities)],
  providers: [IdentityRepository],
  exports: [IdentityRepository],
})
export class IdentityModule {}
