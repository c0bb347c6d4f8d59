import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createClient } from 'redis';
import { Namespace, PlatformConfig, loadConfig } from '@zagel/config';

/** A namespace of its own for one test run: schemas, exchanges, queues and Redis keys never collide. */
export interface TestNamespace {
  name: string;
  namespace: Namespace;
  /** Environment for a service under test (in-process config or a child process). */
  env: Record<string, string>;
  settings: PlatformConfig;
}

class TestSettings extends PlatformConfig {
  override PORT = 0;
}

export function createTestNamespace(): TestNamespace {
  const name = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    ZAGEL_NAMESPACE: name,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: process.env.DATABASE_URL ?? new PlatformConfig().DATABASE_URL,
    REDIS_URL: process.env.REDIS_URL ?? new PlatformConfig().REDIS_URL,
    RABBITMQ_URL: process.env.RABBITMQ_URL ?? new PlatformConfig().RABBITMQ_URL,
    BUS_QUEUE_EXPIRES_MS: '600000',
  };
  return { name, namespace: new Namespace(name), env, settings: loadConfig('test', TestSettings, env) };
}

/** Drops every Postgres schema the namespace created. */
export async function dropNamespaceSchemas(test: TestNamespace): Promise<void> {
  const client = new Client({ connectionString: test.settings.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`,
      [`${test.name}\\_%`],
    );
    for (const row of rows) await client.query(`DROP SCHEMA "${row.nspname}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Deletes every Redis key under the namespace. */
export async function deleteNamespaceKeys(test: TestNamespace): Promise<void> {
  const redis = createClient({ url: test.settings.REDIS_URL });
  await redis.connect();
  try {
    const keys: string[] = [];
    for await (const batch of redis.scanIterator({ MATCH: `${test.name}:*`, COUNT: 1000 })) keys.push(...batch);
    if (keys.length > 0) await redis.del(keys);
  } finally {
    await redis.quit();
  }
}
