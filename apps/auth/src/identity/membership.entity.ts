import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { OrganizationRole } from '@zagel/contracts';

@Entity('memberships')
export class MembershipEntity {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column('text')
  role: OrganizationRole;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
