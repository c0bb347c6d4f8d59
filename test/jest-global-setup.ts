import { Client } from 'pg';
import { PlatformConfig } from '../libs/config/src';

/** Integration tests need the platform database to exist; everything inside it is per-run. */
export default async function globalSetup(): Promise<void> {
  const url = new URL(process.env.DATABASE_URL ?? new PlatformConfig().DATABASE_URL);
  const database = url.pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
