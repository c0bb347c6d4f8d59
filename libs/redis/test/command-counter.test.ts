import { closeRedisClient, createRedisClient, RedisClient, redisCommands, RedisKeys } from '@zagel/redis';
import { createTestNamespace, deleteNamespaceKeys } from '@zagel/testing';

/** Commands counted while `work` runs (nothing else uses Redis from this process meanwhile). */
async function commandsOf(work: () => Promise<unknown>): Promise<number> {
  const before = (await redisCommands.get()).values[0]?.value ?? 0;
  await work();
  return ((await redisCommands.get()).values[0]?.value ?? 0) - before;
}

describe('zagel_redis_commands_total', () => {
  const test = createTestNamespace();
  const keys = new RedisKeys(test.namespace);
  let client: RedisClient;

  beforeAll(async () => {
    client = await createRedisClient({ config: test.settings, name: 'command-counter-test' });
  });

  afterAll(async () => {
    await closeRedisClient(client);
    await deleteNamespaceKeys(test);
  });

  it('counts a single command once', async () => {
    expect(await commandsOf(() => client.set(keys.key('one'), '1', { EX: 60 }))).toBe(1);
  });

  it('counts each command of a pipeline', async () => {
    const counted = await commandsOf(() =>
      client.multi().incr(keys.key('counter')).incr(keys.key('counter')).set(keys.key('two'), '2', { EX: 60 }).execAsPipeline(),
    );
    expect(counted).toBe(3);
    expect(await client.get(keys.key('counter'))).toBe('2');
  });

  it('counts each command of a MULTI, and the MULTI and EXEC around them', async () => {
    const counted = await commandsOf(() => client.multi().incr(keys.key('counter')).expire(keys.key('counter'), 60).exec());
    expect(counted).toBe(4);
  });

  it('counts a script call once', async () => {
    const script = "return redis.call('SET', KEYS[1], ARGV[1], 'EX', 60)";
    const sha = await client.scriptLoad(script);
    const counted = await commandsOf(() => client.evalSha(sha, { keys: [keys.key('scripted')], arguments: ['3'] }));
    expect(counted).toBe(1);
    expect(await client.get(keys.key('scripted'))).toBe('3');
  });
});
