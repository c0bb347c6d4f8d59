import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OrganizationRole } from '@zagel/contracts';
import { MembershipEntity } from '../identity/membership.entity';
import { UserEntity } from '../identity/user.entity';

export interface PendingInvitation {
  organizationId: string;
  email: string;
  role: OrganizationRole;
  invitedBy: string;
  expiresAt: Date;
}

/** An organization's members and invitations; every query is by organization id. */
@Injectable()
export class MembersRepository {
  constructor(private readonly dataSource: DataSource) {}

  async members(organizationId: string): Promise<{ membership: MembershipEntity; user: UserEntity }[]> {
    const memberships = await this.dataSource.manager.find(MembershipEntity, {
      where: { organizationId },
      order: { createdAt: 'ASC', userId: 'ASC' },
    });
    if (memberships.length === 0) return [];
    const users = await this.dataSource.manager.findBy(UserEntity, memberships.map((m) => ({ id: m.userId })));
    const byId = new Map(users.map((user) => [user.id, user]));
    return memberships.flatMap((membership) => {
      const user = byId.get(membership.userId);
      return user ? [{ membership, user }] : [];
    });
  }

  /** Creates or renews the invitation of `email` to the organization. */
  async upsertInvitation(invitation: PendingInvitation, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `INSERT INTO invitations (organization_id, email, role, invited_by, expires_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (organization_id, email) DO UPDATE
       SET role = EXCLUDED.role, invited_by = EXCLUDED.invited_by, expires_at = EXCLUDED.expires_at,
           created_at = now(), accepted_at = NULL`,
      [invitation.organizationId, invitation.email, invitation.role, invitation.invitedBy, invitation.expiresAt],
    );
  }

  /** The organization's owners, locked until the transaction ends (so two removals cannot leave none). */
  async lockOwners(manager: EntityManager, organizationId: string): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT user_id FROM memberships WHERE organization_id = $1 AND role = 'owner' ORDER BY user_id FOR UPDATE`,
      [organizationId],
    )) as { user_id: string }[];
    return rows.map((row) => row.user_id);
  }

  async remove(manager: EntityManager, organizationId: string, userId: string): Promise<void> {
    await manager.delete(MembershipEntity, { organizationId, userId });
  }
}
