import { defineService } from '@zagel/service';
import { IngestionConfig } from './config';
import { ingestionMigrations } from './migrations';

/** The ingestion service: its settings, its schema and its feature modules. */
export const ingestionApp = defineService({
  service: 'ingestion',
  settingsClass: IngestionConfig,
  database: { entities: [], migrations: ingestionMigrations },
  features: [],
});
