import { Client } from 'pg';

const DATABASE_MISSING = '3D000';
const DATABASE_EXISTS = '42P04';

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Makes sure the database named in `url` exists, creating it from the `postgres` maintenance
 * database when it does not (a fresh machine has none). Returns true when it created it.
 */
export async function ensureDatabase(url: string, timeoutMs = 3_000): Promise<boolean> {
  const probe = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await probe.connect();
    await probe.query('SELECT 1');
    return false;
  } catch (error) {
    if (errorCode(error) !== DATABASE_MISSING) throw error;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const database = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: timeoutMs });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } catch (error) {
    if (errorCode(error) !== DATABASE_EXISTS) throw error; // created meanwhile by someone else
  } finally {
    await client.end().catch(() => undefined);
  }
  return true;
}
