import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Namespace } from '@zagel/config';
import {
  closeRedisClient,
  createRedisClient,
  InjectRedis,
  reconnectDelay,
  RedisClient,
  redisIsUp,
  RedisKeys,
  RedisModule,
  redisReadinessCheck,
} from '@zagel/redis';
import { createTestNamespace, deleteNamespaceKeys } from '@zagel/testing';

describe('redis', () => {
  const test = createTestNamespace();
  const keys = new RedisKeys(test.namespace);

  afterAll(async () => {
    await deleteNamespaceKeys(test);
  });

  it('builds every key under the namespace', () => {
    expect(keys.key('otp', 'session', 42)).toBe(`${test.name}:zagel:otp:session:42`);
    expect(keys.pattern('otp')).toBe(`${test.name}:zagel:otp:*`);
    expect(new RedisKeys(new Namespace()).key('quota', 'device-1')).toBe('zagel:quota:device-1');
    expect(() => keys.key()).toThrow();
  });

  it('backs off exponentially with jitter, capped, and never gives up', () => {
    for (let retries = 0; retries < 50; retries++) {
      const delay = reconnectDelay(retries);
      const base = Math.min(50 * 2 ** Math.min(retries, 10), 5_000);
      expect(delay).toBeGreaterThanOrEqual(base / 2);
      expect(delay).toBeLessThanOrEqual(base);
    }
  });

  it('connects, answers ping, stores namespaced keys and closes cleanly', async () => {
    const client = await createRedisClient({ config: test.settings, name: 'redis-test' });
    expect(await redisIsUp(client)).toBe(true);
    expect(await redisReadinessCheck(client).isUp()).toBe(true);
    await client.set(keys.key('greeting'), 'hello', { EX: 60 });
    expect(await client.get(`${test.name}:zagel:greeting`)).toBe('hello');

    await closeRedisClient(client);
    expect(client.isOpen).toBe(false);
    expect(await redisIsUp(client)).toBe(false);
    await closeRedisClient(client);
  });

  it('fails to start, with a clear error, when Redis cannot be reached in time', async () => {
    const unreachable = Object.assign(Object.create(test.settings), { REDIS_URL: 'redis://127.0.0.1:1' });
    await expect(createRedisClient({ config: unreachable, connectTimeoutMs: 300 })).rejects.toThrow(
      'cannot connect to Redis within 300 ms',
    );
  });

  it('reports a destroyed client as down without throwing', async () => {
    const client = await createRedisClient({ config: test.settings });
    client.destroy();
    expect(await redisIsUp(client, 100)).toBe(false);
  });

  it('reconnects by itself when the server drops the connection', async () => {
    const warnings: string[] = [];
    const logger = { warn: (message: string) => warnings.push(message) };
    const client = await createRedisClient({ config: test.settings, logger });
    const admin = await createRedisClient({ config: test.settings });
    try {
      const id = await client.clientId();
      const reconnected = new Promise<void>((resolve) => client.once('ready', () => resolve()));
      await admin.clientKill({ filter: 'ID', id });
      await reconnected;
      expect(warnings.join()).toContain('Socket closed unexpectedly');
      expect(await client.incr(keys.key('after-reconnect'))).toBe(1);
      expect(await client.clientId()).not.toBe(id);
      expect(await redisIsUp(client)).toBe(true);
    } finally {
      await closeRedisClient(admin);
      await closeRedisClient(client);
    }
  });

  it('the Nest module provides one connected client and the keys, and closes the client on shutdown', async () => {
    @Injectable()
    class Counter {
      constructor(
        @InjectRedis() readonly redis: RedisClient,
        readonly keys: RedisKeys,
      ) {}

      increment(): Promise<number> {
        return this.redis.incr(this.keys.key('counter'));
      }
    }

    @Module({ providers: [Counter] })
    class CounterModule {}

    const moduleRef = await Test.createTestingModule({
      imports: [RedisModule.forRoot({ config: test.settings, name: 'redis-module-test' }), CounterModule],
    }).compile();
    const app = await moduleRef.init();
    const counter = app.get(Counter);
    expect(await counter.increment()).toBe(1);
    expect(await counter.increment()).toBe(2);
    expect(await counter.redis.get(`${test.name}:zagel:counter`)).toBe('2');

    await app.close();
    expect(counter.redis.isOpen).toBe(false);
  });
});
