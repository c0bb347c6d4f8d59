import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthConfig } from '../config';
import { IdentityRepository } from '../identity/identity.repository';
import { normalizeEmail } from '../identity/identity.views';
import { PasswordHasher } from '../sessions/password-hasher';

/**
 * Creates the first platform operator from ADMIN_EMAIL / ADMIN_PASSWORD when no user has that
 * email. Idempotent, and safe when two replicas start together (the email is unique). An existing
 * account is left as it is: its password may have been changed since.
 */
@Injectable()
export class AdminBootstrap implements OnModuleInit {
  private readonly logger = new Logger(AdminBootstrap.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly identity: IdentityRepository,
    private readonly hasher: PasswordHasher,
    private readonly settings: AuthConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const { ADMIN_EMAIL, ADMIN_PASSWORD } = this.settings;
    if (!ADMIN_EMAIL || !ADMIN_PASSWORD) return;
    const email = normalizeEmail(ADMIN_EMAIL);
    if (await this.identity.userByEmail(email)) return;
    const passwordHash = await this.hasher.hash(ADMIN_PASSWORD);
    const created = await this.dataSource.transaction((manager) =>
      this.identity.insertUser(manager, { email, name: 'Platform operator', passwordHash, accountType: 'customer', platformAdmin: true }),
    );
    if (created) this.logger.log(`platform operator ${email} created`);
  }
}
