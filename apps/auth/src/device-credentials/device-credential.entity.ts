import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The token currently issued to one phone: its `jti`, and whether it was revoked. */
@Entity('device_credentials')
export class DeviceCredentialEntity {
  @PrimaryColumn({ name: 'device_id', type: 'uuid' })
  deviceId: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @Column('uuid')
  jti: string;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
