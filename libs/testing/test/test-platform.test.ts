import * as amqplib from 'amqplib';
import { Client } from 'pg';
import { createClient } from 'redis';
import { ApiKeyRevoked } from '@zagel/contracts';
import { TestPlatform, until } from '../src';

async function queuesThatExist(url: string, names: string[]): Promise<string[]> {
  const connection = await amqplib.connect(url);
  const existing: string[] = [];
  try {
    for (const name of names) {
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      try {
        await channel.checkQueue(name);
        existing.push(name);
        await channel.close();
      } catch {
        // 404: the channel is closed by the broker.
      }
    }
  } finally {
    await connection.close();
  }
  return existing;
}

describe('TestPlatform', () => {
  const platform = new TestPlatform({ services: ['auth', 'api-gateway'] });

  beforeAll(() => platform.start(), 120_000);
  afterAll(() => platform.stop(), 30_000);

  it('runs the services as processes on ports of their own, behind the typed public API, with an operator', async () => {
    expect(platform.url('auth')).not.toBe(platform.url('api-gateway'));
    const operator = await platform.asOperator();
    const me = (await operator.get('/v1/me')).body;
    expect(me.user).toMatchObject({ email: platform.operator.email, platformAdmin: true });
    const customer = await platform.customer({ credit: 0, scopes: ['verify'] });
    expect((await customer.app.get('/v1/ping')).body).toMatchObject({ organizationId: customer.organizationId, kind: 'api_key' });
  });

  it('restarts a killed service as a new instance on the same port', async () => {
    const auth = platform.instance('auth');
    const before = { pid: auth.pid, instanceId: auth.instanceId };
    await auth.restart('kill');
    expect(auth.pid).not.toBe(before.pid);
    expect(auth.instanceId).not.toBe(before.instanceId);
    expect(auth.url).toBe(platform.url('auth'));
    await until(async () => (await platform.api.post('/v1/auth/login', platform.operator)).ok, { what: 'a login after the restart' });
  }, 120_000);

  it('drained() waits for a probe to take what was published to it, and names the queue that never empties', async () => {
    const listening = await platform.probe({ service: 'listening-probe', hears: [ApiKeyRevoked] });
    const deaf = await platform.probe({ service: 'deaf-probe', hears: [ApiKeyRevoked] });
    await deaf.bus.stop();
    await listening.publish(ApiKeyRevoked, { apiKeyId: '01900000-0000-7000-8000-000000000001', organizationId: '01900000-0000-7000-8000-000000000002', at: new Date().toISOString() });

    await expect(platform.drained({ deadline: 1_500 })).rejects.toThrow(/deaf-probe\.events: 1 ready/);
    expect(listening.heard(ApiKeyRevoked)).toHaveLength(1);
  });

  it('until() says what it waited for and what it saw last', async () => {
    await expect(until(() => ({ phones: 0 }).phones > 0, { what: 'a phone', deadline: 200 })).rejects.toThrow(
      /gave up after 0\.2 s \(\d+ tries\) waiting for a phone; the last try saw: false/,
    );
  });
});

describe('TestPlatform.stop()', () => {
  it('leaves no schema, Redis key, queue or exchange behind', async () => {
    const platform = new TestPlatform({ services: ['auth'] });
    await platform.start();
    const { settings, name } = platform.namespace;
    await platform.probe({ service: 'leftover-probe', hears: [ApiKeyRevoked] });
    const queues = await platform.queues();
    expect(queues).toEqual(expect.arrayContaining([`${name}.zagel.auth.rpc`, `${name}.zagel.leftover-probe.events`]));

    await platform.stop();

    expect(await queuesThatExist(settings.RABBITMQ_URL, queues)).toEqual([]);
    const db = new Client({ connectionString: settings.DATABASE_URL });
    await db.connect();
    const schemas = await db.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`, [`${name}\\_%`]);
    await db.end();
    expect(schemas.rows).toEqual([]);
    const redis = createClient({ url: settings.REDIS_URL });
    await redis.connect();
    const keys = await redis.keys(`${name}:*`);
    await redis.quit();
    expect(keys).toEqual([]);
  }, 120_000);
});
