import { randomBytes } from 'node:crypto';
import { closeRedisClient, createRedisClient, LuaScript, RedisClient, RedisKeys } from '@zagel/redis';
import { createTestNamespace, deleteNamespaceKeys } from '@zagel/testing';

/** Adds ARGV[1] to a counter and appends it to a list, answering both: two keys, both declared. */
const COUNT_AND_LOG = {
  name: 'count-and-log',
  keys: ['counter', 'log'],
  source: `
local total = redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('RPUSH', KEYS[2], ARGV[1])
return { total, redis.call('LLEN', KEYS[2]) }`,
};

/** Sums the counters it is given (any number of them). */
const SUM = {
  name: 'sum',
  keys: [],
  more: 'counters',
  source: `
local total = 0
for _, key in ipairs(KEYS) do total = total + tonumber(redis.call('GET', key) or '0') end
return total`,
};

describe('LuaScript', () => {
  const test = createTestNamespace();
  const keys = new RedisKeys(test.namespace);
  let redis: RedisClient;
  let admin: RedisClient;

  beforeAll(async () => {
    [redis, admin] = await Promise.all([createRedisClient({ config: test.settings }), createRedisClient({ config: test.settings })]);
  });

  afterAll(async () => {
    await deleteNamespaceKeys(test);
    await Promise.all([closeRedisClient(redis), closeRedisClient(admin)]);
  });

  /** A script of its own per case (a unique comment changes its SHA), so other cases' loads cannot help it. */
  function fresh<T extends { source: string }>(definition: T): T {
    return { ...definition, source: `-- ${randomBytes(6).toString('hex')}\n${definition.source}` };
  }

  it('loads the script once, then runs it by its SHA with its declared keys', async () => {
    const script = new LuaScript(fresh(COUNT_AND_LOG));
    const [counter, log] = [keys.key('lua', 'counter'), keys.key('lua', 'log')];
    expect(await admin.scriptExists(script.sha)).toEqual([0]);

    expect(await script.run(redis, { keys: [counter, log], args: [5] })).toEqual([5, 1]);
    expect(await admin.scriptExists(script.sha)).toEqual([1]);
    expect(await script.run(redis, { keys: [counter, log], args: [2] })).toEqual([7, 2]);
    expect(await redis.lRange(log, 0, -1)).toEqual(['5', '2']);
  });

  it('loads the script again and retries once when Redis has forgotten it (SCRIPT FLUSH)', async () => {
    const script = new LuaScript(fresh(COUNT_AND_LOG));
    const [counter, log] = [keys.key('lua', 'flushed', 'counter'), keys.key('lua', 'flushed', 'log')];
    await script.run(redis, { keys: [counter, log], args: [1] });

    await admin.scriptFlush();
    expect(await admin.scriptExists(script.sha)).toEqual([0]);

    expect(await script.run(redis, { keys: [counter, log], args: [1] })).toEqual([2, 2]);
    expect(await admin.scriptExists(script.sha)).toEqual([1]);
    // Once, not twice: the retry ran the script a single time.
    expect(await redis.lLen(log)).toBe(2);
  });

  it('loads on each connection that runs it', async () => {
    const script = new LuaScript(fresh(SUM));
    const other = await createRedisClient({ config: test.settings });
    try {
      await redis.set(keys.key('lua', 'a'), '3');
      await redis.set(keys.key('lua', 'b'), '4');
      const counters = [keys.key('lua', 'a'), keys.key('lua', 'b'), keys.key('lua', 'missing')];
      expect(await script.run(redis, { keys: counters })).toBe(7);
      await admin.scriptFlush();
      expect(await script.run(other, { keys: counters.slice(0, 1) })).toBe(3);
      expect(await script.run(redis, { keys: counters })).toBe(7);
    } finally {
      await closeRedisClient(other);
    }
  });

  it('refuses a call whose keys are not the ones the script declares', async () => {
    const script = new LuaScript(COUNT_AND_LOG);
    await expect(script.run(redis, { keys: [keys.key('lua', 'only-one')], args: [1] })).rejects.toThrow(
      'the script count-and-log takes the keys (counter, log), not 1 keys',
    );
    await expect(new LuaScript(SUM).run(redis, { keys: [] })).resolves.toBe(0);
  });

  it('passes on errors the script raises', async () => {
    const script = new LuaScript(fresh({ name: 'broken', keys: ['key'], source: `return redis.call('INCR', KEYS[1], 'extra')` }));
    await expect(script.run(redis, { keys: [keys.key('lua', 'broken')] })).rejects.toThrow(/wrong number of arg/i);
  });
});
