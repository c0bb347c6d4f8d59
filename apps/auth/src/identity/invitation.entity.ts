import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { OrganizationRole } from '@zagel/contracts';

@Entity('invitations')
export class InvitationEntity {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @PrimaryColumn('text')
  email: string;

  @Column('text')
  role: OrganizationRole;

  @Column({ name: 'invited_by', type: 'uuid' })
  invitedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;
}
