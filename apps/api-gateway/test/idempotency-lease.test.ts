import { randomUUID } from 'node:crypto';
import { createRedisClient, RedisClient, RedisKeys } from '@zagel/redis';
import { createTestNamespace, deleteNamespaceKeys, TestNamespace, until } from '@zagel/testing';
import { IdempotencyStore } from '../src/idempotency/idempotency-store';

/** A lease short enough for a test; the gateway's is CLAIM_LEASE_SECONDS. */
const LEASE_SECONDS = 2;

let test: TestNamespace;
let redis: RedisClient;
let keys: RedisKeys;
let store: IdempotencyStore;

beforeAll(async () => {
  test = createTestNamespace();
  redis = await createRedisClient({ config: test.settings });
  keys = new RedisKeys(test.namespace);
  store = new IdempotencyStore(redis, keys);
});

afterAll(async () => {
  await redis?.quit();
  if (test) await deleteNamespaceKeys(test);
});

const claimKey = (scope: string) => keys.key('api-gateway', 'idempotency', scope);

describe('an Idempotency-Key claim', () => {
  it('holds past its lease while its request runs, and lapses within the lease once the request stops renewing it', async () => {
    const scope = randomUUID();
    expect(await store.claim(scope, 'first', LEASE_SECONDS)).toBeUndefined();
    const claimedAt = Date.now();
    let renewals = 0;
    await store.whileClaimed(
      scope,
      async () => {
        // The request runs for three leases: every renewal shows as the key's time to live going up again.
        let lastTtl = await redis.pTTL(claimKey(scope));
        await until(
          async () => {
            const ttl = await redis.pTTL(claimKey(scope));
            if (ttl > lastTtl) renewals += 1;
            lastTtl = ttl;
            return Date.now() - claimedAt > 3 * LEASE_SECONDS * 1_000;
          },
          { what: 'the request to run for three leases', interval: 20, deadline: 20_000 },
        );
        // Still claimed: a second request with the key is told the first is in progress.
        expect(await store.claim(scope, 'first', LEASE_SECONDS)).toEqual({ state: 'in_progress', fingerprint: 'first' });
      },
      LEASE_SECONDS,
    );
    expect(renewals).toBeGreaterThanOrEqual(3);

    // The request ended without completing (its gateway crashed right after, say): nothing renews the claim.
    const stoppedAt = Date.now();
    await until(async () => (await store.claim(scope, 'retry', LEASE_SECONDS)) === undefined, { what: 'the key to be free again', interval: 20, deadline: 10_000 });
    expect(Date.now() - stoppedAt).toBeLessThan(2 * LEASE_SECONDS * 1_000);
  });

  it('is not shortened by the renewals after a longer hold taken before a long step', async () => {
    const scope = randomUUID();
    expect(await store.claim(scope, 'upload', LEASE_SECONDS)).toBeUndefined();
    await store.whileClaimed(
      scope,
      async () => {
        await store.holdClaim(scope, 60);
        await store.holdClaim(scope, LEASE_SECONDS);
        expect(await redis.pTTL(claimKey(scope))).toBeGreaterThan(30_000);
      },
      LEASE_SECONDS,
    );
  });
});
