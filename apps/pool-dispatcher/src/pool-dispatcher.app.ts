import { defineService } from '@zagel/service';
import { PoolDispatcherConfig } from './config';
import { DispatchModule } from './dispatch.module';
import { poolDispatcherMigrations } from './migrations';

/** The pool-dispatcher service: its settings, its schema and its feature modules. */
export const poolDispatcherApp = defineService({
  service: 'pool-dispatcher',
  settingsClass: PoolDispatcherConfig,
  database: { entities: [], migrations: poolDispatcherMigrations },
  features: [DispatchModule],
});
