import { randomUUID } from 'node:crypto';
import { createRedisClient, RedisClient, RedisKeys } from '@zagel/redis';
import { createTestNamespace, deleteNamespaceKeys, TestNamespace, until } from '@zagel/testing';
import { OtpConfig } from '../src/config';
import { FraudGuard, SendDestination } from '../src/fraud-guard/fraud-guard';
import { SlidingWindows } from '../src/fraud-guard/sliding-windows';
import { CodeSecrets } from '../src/verifications/code-secrets';
import { CodeSessions } from '../src/verifications/code-sessions';
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

/** Sessions over the real Redis with these settings; a prefix of its own per test (random digits). */
function sessionsWith(settings: Partial<OtpConfig> = {}) {
  const config = Object.assign(new OtpConfig(), { OTP_CODE_HMAC_KEY: 'a-test-key-of-32-characters-or-more', OTP_PREFIX_NATIONAL_DIGITS: 6, OTP_PUMPING_GRACE_SECONDS: 0, ...settings });
  const guard = new FraudGuard(config, keys, new SlidingWindows(redis));
  return { sessions: new CodeSessions(config, redis, keys, guard, new CodeSecrets(config)), store: new CodeStore(redis, keys), config };
}

/** A UK mobile number in a 6-digit prefix no other test uses. */
function numberRange(): (index?: number) => SendDestination {
  const prefix = `7${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;
  let next = 0;
  return (index = next++) => ({ organizationId: randomUUID(), e164: `+44${prefix}${String(index).padStart(4, '0')}`, country: 'GB' });
}

const open = (sessions: CodeSessions, destination: SendDestination, code = '123456', ttlSeconds = 60) => {
  const id = randomUUID();
  return sessions.open({ id, destination, code, alphanumeric: false, ttlSeconds }).then(() => id);
};

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: { code?: string; details?: Record<string, unknown> }) => ({ code: error.code, details: error.details }),
  );

describe('the start script', () => {
  it('stores the session (the HMAC, never the code), its cooldown and the number pointer, with the expiry', async () => {
    const { sessions } = sessionsWith({ OTP_RESEND_COOLDOWN_SECONDS: 30 });
    const destination = numberRange()();
    const id = await open(sessions, destination, '918273', 120);
    const code = await redis.hGetAll(keys.key('otp', 'code', id));
    expect(code).toEqual(expect.objectContaining({ attempts: '0', max: '5', org: destination.organizationId, alnum: '0' }));
    expect(JSON.stringify(code)).not.toContain('918273');
    expect(await redis.ttl(keys.key('otp', 'code', id))).toBeGreaterThan(110);
    expect(await redis.pTTL(keys.key('otp', 'resend-cooldown', id))).toBeGreaterThan(25_000);
    expect(await sessions.latest(destination.organizationId, destination.e164)).toBe(id);
  });

  it('refuses past the number limit (too_many_sends) and stores nothing for the refused start', async () => {
    const { sessions } = sessionsWith({ OTP_MAX_SENDS_PER_NUMBER: 2 });
    const destination = numberRange()();
    await open(sessions, destination);
    await open(sessions, destination);
    const id = randomUUID();
    const refused = await refusal(sessions.open({ id, destination, code: '111111', alphanumeric: false, ttlSeconds: 60 }));
    expect(refused).toEqual({ code: 'too_many_sends', details: expect.objectContaining({ limit: 2, retryAfterSeconds: expect.any(Number) }) });
    expect(await redis.exists(keys.key('otp', 'code', id))).toBe(0);
  });

  it('admits exactly the organization limit out of racing starts', async () => {
    const { sessions } = sessionsWith({ OTP_ORG_VELOCITY_LIMIT: 3 });
    const next = numberRange();
    const organizationId = randomUUID();
    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, index) => refusal(open(sessions, { ...next(index), organizationId }))));
    expect(outcomes.filter((outcome) => outcome === undefined)).toHaveLength(3);
    expect(outcomes.filter((outcome) => outcome?.code === 'velocity_limited')).toHaveLength(7);
  });

  it('blocks a prefix with many starts and too few approvals (prefix_blocked), then refuses it while blocked', async () => {
    const { sessions } = sessionsWith({ OTP_PUMPING_MIN_VOLUME: 4, OTP_PUMPING_MIN_VERIFY_RATE: 0.5 });
    const next = numberRange();
    const started = await Promise.all(Array.from({ length: 4 }, (_, index) => open(sessions, next(index))));
    const first = next(0);
    await sessions.approved(started[0]!, first.e164, new Date(Date.now() - 1_000));
    const pumped = await refusal(open(sessions, next(10)));
    expect(pumped).toEqual({ code: 'prefix_blocked', details: expect.objectContaining({ started: 4, approved: 1 }) });
    const blocked = await refusal(open(sessions, next(11)));
    expect(blocked).toEqual({ code: 'prefix_blocked', details: expect.objectContaining({ retryAfterSeconds: 3_600 }) });
  });

  it('never judges a prefix below the volume, and lets a busy prefix with normal conversion through', async () => {
    const { sessions } = sessionsWith({ OTP_PUMPING_MIN_VOLUME: 4, OTP_PUMPING_MIN_VERIFY_RATE: 0.5 });
    const quiet = numberRange();
    await Promise.all(Array.from({ length: 3 }, (_, index) => open(sessions, quiet(index))));
    expect(await refusal(open(sessions, quiet(3)))).toBeUndefined();

    const busy = numberRange();
    const started = await Promise.all(Array.from({ length: 4 }, (_, index) => open(sessions, busy(index))));
    await sessions.approved(started[0]!, busy(0).e164, new Date(Date.now() - 1_000));
    await sessions.approved(started[1]!, busy(1).e164, new Date(Date.now() - 1_000));
    expect(await refusal(open(sessions, busy(4)))).toBeUndefined();
  });

  it('takes everything back on undo: the slots, the code, the cooldown and the pointer', async () => {
    const { sessions } = sessionsWith({ OTP_MAX_SENDS_PER_NUMBER: 1 });
    const destination = numberRange()();
    const id = await open(sessions, destination);
    await sessions.undo(id, destination);
    expect(await redis.exists([keys.key('otp', 'code', id), keys.key('otp', 'resend-cooldown', id)])).toBe(0);
    expect(await sessions.latest(destination.organizationId, destination.e164)).toBeUndefined();
    // The number's only slot is free again.
    await open(sessions, destination);
  });
});

describe('the check script', () => {
  it('counts every attempt, matches the right code, and ends the session at the fifth wrong one', async () => {
    const { sessions } = sessionsWith();
    const destination = numberRange()();
    const id = await open(sessions, destination, '424242');
    const org = destination.organizationId;
    expect(await sessions.check(org, id, '000000')).toEqual({ kind: 'wrong', attempts: 1, maxAttempts: 5 });
    expect(await sessions.check(org, id, '42 42-42')).toEqual({ kind: 'match', attempts: 2, maxAttempts: 5 });
    expect(await sessions.check(org, id, '000000')).toEqual({ kind: 'wrong', attempts: 3, maxAttempts: 5 });
    expect(await sessions.check(org, id, '000000')).toEqual({ kind: 'wrong', attempts: 4, maxAttempts: 5 });
    expect(await sessions.check(org, id, '000000')).toEqual({ kind: 'exhausted', attempts: 5, maxAttempts: 5 });
    expect(await sessions.check(org, id, '424242')).toEqual({ kind: 'missing' });
  });

  it('closes an approved session: the code goes, the approval counts for its prefix, scored by the start', async () => {
    const { sessions, config } = sessionsWith();
    const destination = numberRange()();
    const id = await open(sessions, destination);
    const startedAt = new Date(Date.now() - 5_000);
    await sessions.approved(id, destination.e164, startedAt);
    expect(await redis.exists(keys.key('otp', 'code', id))).toBe(0);
    const guard = new FraudGuard(config, keys, new SlidingWindows(redis));
    const approvals = keys.key('otp', 'prefix-approved', guard.prefixOf(destination.e164));
    expect(await redis.zScore(approvals, id)).toBe(startedAt.getTime());
  });

  it('counts each of many racing checks once, and none past the limit', async () => {
    const { sessions } = sessionsWith();
    const destination = numberRange()();
    const id = await open(sessions, destination);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => sessions.check(destination.organizationId, id, '999999')));
    const counted = outcomes.flatMap((outcome) => (outcome.kind === 'missing' ? [] : [outcome.attempts]));
    expect(counted.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    expect(outcomes.filter((outcome) => outcome.kind === 'missing')).toHaveLength(15);
  });

  it('compares alphanumeric codes case-insensitively, numeric ones as typed', async () => {
    const { sessions } = sessionsWith();
    const destination = numberRange()();
    const id = randomUUID();
    await sessions.open({ id, destination, code: 'ACDE7', alphanumeric: true, ttlSeconds: 60 });
    expect((await sessions.check(destination.organizationId, id, 'acde7')).kind).toBe('match');
  });

  it("is another organization's session: missing, and no attempt counted", async () => {
    const { sessions, store } = sessionsWith();
    const destination = numberRange()();
    const id = await open(sessions, destination, '123123');
    expect(await sessions.check(randomUUID(), id, '123123')).toEqual({ kind: 'missing' });
    expect(await store.countAttempt(id)).toEqual(expect.objectContaining({ kind: 'counted', attempts: 1 }));
  });

  it('forgets the session when the code expires', async () => {
    const { sessions } = sessionsWith();
    const destination = numberRange()();
    const id = await open(sessions, destination, '555555', 1);
    // Redis keeps the time: watch the session go without counting attempts.
    await until(async () => (await redis.exists(keys.key('otp', 'code', id))) === 0, { what: 'the code to expire with its TTL', deadline: 5_000 });
    expect(await sessions.check(destination.organizationId, id, '555555')).toEqual({ kind: 'missing' });
  });
});
