import { defineService } from '@zagel/service';
import { AuthConfig } from './config';
import { authMigrations } from './migrations';

/** The auth service: its settings, its schema and its feature modules. */
export const authApp = defineService({
  service: 'auth',
  settingsClass: AuthConfig,
  database: { entities: [], migrations: authMigrations },
  features: [],
});
