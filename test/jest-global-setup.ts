import { PlatformConfig } from '../libs/config/src';
import { ensureDatabase } from '../libs/database/src/ensure-database';

/** Integration tests need the platform database to exist; everything inside it is per-run. */
export default async function globalSetup(): Promise<void> {
  await ensureDatabase(process.env.DATABASE_URL ?? new PlatformConfig().DATABASE_URL);
}
