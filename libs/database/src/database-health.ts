import { DataSource } from 'typeorm';
import type { ReadinessCheck } from '@zagel/observability';

/** True when the data source is initialized and Postgres answers `SELECT 1` within `timeoutMs`. Never rejects. */
export async function databaseIsUp(dataSource: DataSource, timeoutMs = 1_000): Promise<boolean> {
  if (!dataSource.isInitialized) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    const answer = dataSource.query('SELECT 1').then(
      () => true,
      () => false,
    );
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The `/health/ready` check for a service's database. */
export function databaseReadinessCheck(dataSource: DataSource, timeoutMs?: number): ReadinessCheck {
  return { name: 'postgres', isUp: () => databaseIsUp(dataSource, timeoutMs) };
}
