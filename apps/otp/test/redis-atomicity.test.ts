import { randomUUID } from 'node:crypto';
import { createRedisClient, RedisClient, RedisKeys } from '@zagel/redis';
import { createTestNamespace, deleteNamespaceKeys, TestNamespace, until } from '@zagel/testing';
import { SlidingWindows } from '../src/fraud-guard/sliding-windows';
import { CodeStore } from '../src/verifications/code-store';

let test: TestNamespace;
let redis: RedisClient;
let keys: RedisKeys;

beforeAll(async () => {
  test = createTestNamespace();
  redis = await createRedisClient({ config: test.settings });
  keys = new RedisKeys(test.namespace);
});

afterAll(async () => {
  await redis?.quit();
  if (test) await deleteNamespaceKeys(test);
});

describe('CodeStore against Redis', () => {
  it('counts every one of many racing checks, and none past the limit', async () => {
    const store = new CodeStore(redis, keys);
    const id = randomUUID();
    await store.save(id, { hmac: 'h', sealed: 's', maxAttempts: 5, ttlSeconds: 60 });
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => store.countAttempt(id)));
    const counted = outcomes.filter((outcome) => outcome.kind === 'counted').map((outcome) => (outcome.kind === 'counted' ? outcome.attempts : 0));
    expect(counted.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    expect(outcomes.filter((outcome) => outcome.kind === 'locked')).toHaveLength(15);
  });

  it('lets exactly one of racing removals own the code', async () => {
    const store = new CodeStore(redis, keys);
    const id = randomUUID();
    await store.save(id, { hmac: 'h', sealed: 's', maxAttempts: 5, ttlSeconds: 60 });
    const removed = await Promise.all(Array.from({ length: 10 }, () => store.remove(id)));
    expect(removed.filter(Boolean)).toHaveLength(1);
    expect(await store.countAttempt(id)).toEqual({ kind: 'missing' });
  });

  it('forgets the code when its time is up', async () => {
    const store = new CodeStore(redis, keys);
    const id = randomUUID();
    await store.save(id, { hmac: 'h', sealed: 's', maxAttempts: 5, ttlSeconds: 1 });
    expect(await store.sealed(id)).toBe('s');
    // Redis keeps the time (fake timers cannot move it): watch the code go without counting attempts.
    await until(async () => (await store.sealed(id)) === undefined, { what: 'the code to expire with its TTL', deadline: 5_000 });
    expect(await store.countAttempt(id)).toEqual({ kind: 'missing' });
  });
});

describe('SlidingWindows against Redis', () => {
  it('admits exactly the limit out of racing requests', async () => {
    const windows = new SlidingWindows(redis);
    const limit = { name: 'number', key: keys.key('otp-test', randomUUID()), limit: 3, windowSeconds: 60 };
    const verdicts = await Promise.all(Array.from({ length: 10 }, () => windows.take([limit], randomUUID())));
    expect(verdicts.filter((verdict) => verdict.ok)).toHaveLength(3);
    const refused = verdicts.find((verdict) => !verdict.ok);
    expect(refused).toEqual({ ok: false, limit, retryAfterMs: expect.any(Number) });
    if (refused && !refused.ok) expect(refused.retryAfterMs).toBeGreaterThan(59_000);
  });

  it('takes a slot in every window or in none', async () => {
    const windows = new SlidingWindows(redis);
    const roomy = { name: 'organization', key: keys.key('otp-test', randomUUID()), limit: 10, windowSeconds: 60 };
    const full = { name: 'prefix', key: keys.key('otp-test', randomUUID()), limit: 1, windowSeconds: 60 };
    expect(await windows.take([full], randomUUID())).toEqual({ ok: true });
    const verdict = await windows.take([roomy, full], randomUUID());
    expect(verdict).toEqual(expect.objectContaining({ ok: false, limit: full }));
    expect(await redis.zCard(roomy.key)).toBe(0);
  });

  it('frees a slot once the window has slid past it', async () => {
    const windows = new SlidingWindows(redis);
    const limit = { name: 'number', key: keys.key('otp-test', randomUUID()), limit: 1, windowSeconds: 60 };
    const start = Date.now();
    expect(await windows.take([limit], randomUUID(), start)).toEqual({ ok: true });
    expect((await windows.take([limit], randomUUID(), start + 30_000)).ok).toBe(false);
    expect(await windows.take([limit], randomUUID(), start + 60_001)).toEqual({ ok: true });
  });
});
