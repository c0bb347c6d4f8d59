import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull, MoreThan } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AccountType, AuditAction, OrganizationRole } from '@zagel/contracts';
import { InvitationEntity } from './invitation.entity';
import { MembershipEntity } from './membership.entity';
import { OrganizationEntity } from './organization.entity';
import { UserEntity } from './user.entity';

export interface NewUser {
  email: string;
  name: string;
  passwordHash: string;
  accountType: AccountType;
  platformAdmin?: boolean;
}

export interface MembershipWithOrganization {
  membership: MembershipEntity;
  organization: OrganizationEntity;
}

export interface AuditEntry {
  actorId: string | null;
  action: AuditAction;
  organizationId: string | null;
  details?: Record<string, unknown>;
}

/** Users, organizations, memberships and invitations. Organization data is always looked up by organization id. */
@Injectable()
export class IdentityRepository {
  constructor(private readonly dataSource: DataSource) {}

  userByEmail(email: string, manager: EntityManager = this.dataSource.manager): Promise<UserEntity | null> {
    return manager.findOneBy(UserEntity, { email });
  }

  userById(id: string, manager: EntityManager = this.dataSource.manager): Promise<UserEntity | null> {
    return manager.findOneBy(UserEntity, { id });
  }

  /** Inserts the user; resolves to null when the email is taken (also under a concurrent insert). */
  async insertUser(manager: EntityManager, user: NewUser): Promise<UserEntity | null> {
    const rows = (await manager.query(
      `INSERT INTO users (id, email, name, password_hash, account_type, platform_admin)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (email) DO NOTHING RETURNING id`,
      [uuidv7(), user.email, user.name, user.passwordHash, user.accountType, user.platformAdmin ?? false],
    )) as { id: string }[];
    return rows.length === 0 ? null : this.userById(rows[0].id, manager);
  }

  async insertOrganization(manager: EntityManager, name: string): Promise<OrganizationEntity> {
    const organization = manager.create(OrganizationEntity, { id: uuidv7(), name, status: 'active' });
    await manager.insert(OrganizationEntity, organization);
    return (await manager.findOneByOrFail(OrganizationEntity, { id: organization.id }));
  }

  async addMembership(manager: EntityManager, organizationId: string, userId: string, role: OrganizationRole): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO memberships (organization_id, user_id, role) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING user_id`,
      [organizationId, userId, role],
    )) as unknown[];
    return rows.length > 0;
  }

  /** The user's memberships, oldest first. */
  async membershipsOf(userId: string, manager: EntityManager = this.dataSource.manager): Promise<MembershipWithOrganization[]> {
    const memberships = await manager.find(MembershipEntity, { where: { userId }, order: { createdAt: 'ASC', organizationId: 'ASC' } });
    if (memberships.length === 0) return [];
    const organizations = await manager.findBy(OrganizationEntity, memberships.map((m) => ({ id: m.organizationId })));
    const byId = new Map(organizations.map((organization) => [organization.id, organization]));
    return memberships.map((membership) => ({ membership, organization: byId.get(membership.organizationId)! }));
  }

  membership(organizationId: string, userId: string, manager: EntityManager = this.dataSource.manager): Promise<MembershipEntity | null> {
    return manager.findOneBy(MembershipEntity, { organizationId, userId });
  }

  organization(id: string, manager: EntityManager = this.dataSource.manager): Promise<OrganizationEntity | null> {
    return manager.findOneBy(OrganizationEntity, { id });
  }

  pendingInvitations(manager: EntityManager, email: string): Promise<InvitationEntity[]> {
    return manager.find(InvitationEntity, {
      where: { email, acceptedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      order: { createdAt: 'ASC' },
    });
  }

  async markInvitationAccepted(manager: EntityManager, invitation: InvitationEntity): Promise<void> {
    await manager.update(
      InvitationEntity,
      { organizationId: invitation.organizationId, email: invitation.email },
      { acceptedAt: new Date() },
    );
  }

  async audit(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (id, actor_id, action, organization_id, details) VALUES ($1, $2, $3, $4, $5)`,
      [uuidv7(), entry.actorId, entry.action, entry.organizationId, JSON.stringify(entry.details ?? {})],
    );
  }
}
