import { defineService } from '@zagel/service';
import { AdminBootstrapModule } from './admin-bootstrap/admin-bootstrap.module';
import { AuditLogModule } from './audit-log/audit-log.module';
import { ApiKeyEntity } from './api-keys/api-key.entity';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuthConfig } from './config';
import { DeviceCredentialEntity } from './device-credentials/device-credential.entity';
import { DeviceCredentialsModule } from './device-credentials/device-credentials.module';
import { identityEntities } from './identity/identity.module';
import { MembersModule } from './members/members.module';
import { NotificationsModule } from './notifications/notifications.module';
import { authMigrations } from './migrations';
import { OrganizationsModule } from './organizations/organizations.module';
import { ProfileModule } from './profile/profile.module';
import { RefreshTokenEntity } from './sessions/refresh-token.entity';
import { SessionsModule } from './sessions/sessions.module';
import { SigningKeyEntity } from './signing-keys/signing-key.entity';
import { SigningKeysModule } from './signing-keys/signing-keys.module';

/** The auth service: its settings, its schema and its feature modules. */
export const authApp = defineService({
  service: 'auth',
  settingsClass: AuthConfig,
  database: {
    entities: [...identityEntities, RefreshTokenEntity, ApiKeyEntity, SigningKeyEntity, DeviceCredentialEntity],
    migrations: authMigrations,
  },
  features: [
    SigningKeysModule,
    SessionsModule,
    ProfileModule,
    ApiKeysModule,
    MembersModule,
    OrganizationsModule,
    DeviceCredentialsModule,
    AdminBootstrapModule,
    AuditLogModule,
  ],
  featuresFor: (settings) => (settings.SMTP_URL ? [NotificationsModule] : []),
});
