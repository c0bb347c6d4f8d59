import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { AccountType } from '@zagel/contracts';

@Entity('users')
export class UserEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** Always lowercased, so uniqueness is case-insensitive. */
  @Column('text')
  email: string;

  @Column('text')
  name: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Column({ name: 'account_type', type: 'text' })
  accountType: AccountType;

  @Column({ name: 'platform_admin', type: 'boolean', default: false })
  platformAdmin: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
