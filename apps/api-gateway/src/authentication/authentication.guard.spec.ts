import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { sign, SignOptions } from 'jsonwebtoken';
import { JsonWebKeySet, ResolvedApiKey } from '@zagel/contracts';
import { REFETCH_INTERVAL_MS, SigningKeyCache } from '@zagel/identity';
import { Bus } from '@zagel/messaging';
import { ApiKeyCache } from './api-key-cache';
import { ApiKeyStrategy } from './api-key.strategy';
import { AuthenticationGuard, AuthenticationOutcome } from './authentication.guard';
import { JwtStrategy } from './jwt.strategy';
import { RevokedMemberships } from './revoked-memberships';
import { SuspendedOrganizations } from './suspended-organizations';
import { AcceptsBasicAuth, TwilioBasicStrategy } from './twilio-basic.strategy';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KID = 'key-1';
const ORG = '0190a6f2-7c3e-7abc-8def-0123456789ac';
const SUSPENDED_ORG = '0190a6f2-7c3e-7abc-8def-0123456789ff';
const USER = '0190a6f2-7c3e-7abc-8def-0123456789ab';
const claims = { sub: USER, org: ORG, role: 'owner', acct: 'customer', typ: 'access' };

function jwksOf(key: KeyObject, kid: string): JsonWebKeySet {
  const { n, e } = key.export({ format: 'jwk' });
  return { keys: [{ kid, kty: 'RSA', alg: 'RS256', use: 'sig', n, e }] };
}

function token(payload: object = claims, options: SignOptions = {}, key: KeyObject | string = privateKey): string {
  const expiry = 'exp' in payload || 'expiresIn' in options ? {} : { expiresIn: 300 };
  return sign(payload, key, { algorithm: 'RS256', keyid: KID, issuer: 'zagel', audience: 'zagel-api', ...expiry, ...options });
}

const KEY = 'zk_live_abc';
const resolvedKey: ResolvedApiKey = { apiKeyId: 'k-1', organizationId: ORG, organizationStatus: 'active', scopes: ['verify'], prefix: 'zk_live_abc' };
const TWILIO_KEY = 'zk_live_twilio';
const TWILIO_KEY_ID = '0190a6f2-7c3e-7abc-8def-0123456789ad';
const twilioKey: ResolvedApiKey = { apiKeyId: TWILIO_KEY_ID, organizationId: ORG, organizationStatus: 'active', scopes: ['verify'], prefix: 'zk_live_twi' };

class PlainRoutes {
  handle(): void {}
}

@AcceptsBasicAuth()
class TwilioRoutes {
  handle(): void {}
}

let keyFetches: jest.Mock;
let keys: SigningKeyCache;
let apiKeys: Map<string, ResolvedApiKey>;
let revokedUsers: Set<string>;
let guard: AuthenticationGuard;

beforeEach(async () => {
  keyFetches = jest.fn(() => Promise.resolve(jwksOf(publicKey, KID)));
  keys = new SigningKeyCache({ rpc: { call: keyFetches } } as unknown as Bus);
  await keys.onApplicationBootstrap();
  apiKeys = new Map([
    [KEY, resolvedKey],
    [TWILIO_KEY, twilioKey],
  ]);
  revokedUsers = new Set();
  const apiKeyCache = { resolve: (key: string) => Promise.resolve(apiKeys.get(key)) } as unknown as ApiKeyCache;
  const revoked = { revokedFor: (_org: string, userId: string) => Promise.resolve(revokedUsers.has(userId)) } as unknown as RevokedMemberships;
  const suspended = { isSuspended: (org: string) => Promise.resolve(org === SUSPENDED_ORG) } as unknown as SuspendedOrganizations;
  const apiKeyStrategy = new ApiKeyStrategy(apiKeyCache);
  new JwtStrategy(keys, revoked);
  guard = new AuthenticationGuard(new Reflector(), suspended, apiKeyStrategy, new TwilioBasicStrategy(apiKeyCache));
});
afterEach(() => {
  jest.restoreAllMocks();
  keys.onModuleDestroy();
});

function contextOf(request: object, routes: new () => { handle(): void } = PlainRoutes): ExecutionContext {
  return {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}) }),
    getHandler: () => routes.prototype.handle,
    getClass: () => routes,
  } as unknown as ExecutionContext;
}

function authenticate(headers: Record<string, string | string[]>, routes?: new () => { handle(): void }): Promise<AuthenticationOutcome> {
  return guard.authenticate(contextOf({ headers }, routes));
}

async function codeOf(headers: Record<string, string | string[]>): Promise<string | undefined> {
  const outcome = await authenticate(headers);
  return outcome.problem?.problem.code;
}

const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });

describe('AuthenticationGuard with the API-key and JWT strategies', () => {
  it('refuses a request without a credential, or with a malformed one, as unauthenticated', async () => {
    expect((await authenticate({})).problem?.problem).toMatchObject({ status: 401, code: 'unauthenticated', detail: 'Send a bearer token or an API key.' });
    const malformed = await authenticate({ authorization: 'Basic dXNlcjpwYXNz' });
    expect(malformed.problem?.problem).toMatchObject({ status: 401, code: 'unauthenticated', detail: 'Bad credential: use the Bearer scheme.' });
    expect(await codeOf({ authorization: `Bearer ${token()}`, 'x-api-key': KEY })).toBe('unauthenticated');
  });

  it('takes a user from a valid access token, with the tenant from its organization', async () => {
    expect((await authenticate(bearer(token()))).principal).toEqual({
      kind: 'user',
      userId: USER,
      organizationId: ORG,
      role: 'owner',
      accountType: 'customer',
      platformAdmin: false,
      scopes: [],
    });
  });

  it('says token_expired for an expired token and tolerates a few seconds of clock skew', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await codeOf(bearer(token({ ...claims, exp: now - 60 })))).toBe('token_expired');
    expect((await authenticate(bearer(token({ ...claims, exp: now - 2 })))).principal).toBeDefined();
  });

  it.each([
    ['a wrong issuer', () => token(claims, { issuer: 'someone' })],
    ['a wrong audience', () => token(claims, { audience: 'zagel-device' })],
    ['a device token', () => token({ ...claims, typ: 'device' })],
    ['no expiry', () => sign(claims, privateKey, { algorithm: 'RS256', keyid: KID, issuer: 'zagel', audience: 'zagel-api' })],
    ['another key', () => token(claims, {}, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey)],
    ['HS256 signed with the public key', () => sign(claims, 'secret', { algorithm: 'HS256', keyid: KID, issuer: 'zagel', audience: 'zagel-api', expiresIn: 60 })],
    ['no signature', () => `${token().split('.').slice(0, 2).join('.')}.`],
    ['garbage', () => 'not-a-jwt'],
    ['no kid', () => sign(claims, privateKey, { algorithm: 'RS256', issuer: 'zagel', audience: 'zagel-api', expiresIn: 60 })],
    ['no account type', () => token({ sub: USER, typ: 'access' })],
  ])('refuses %s as an invalid token', async (_name, make) => {
    const outcome = await authenticate(bearer(make()));
    expect(outcome.problem?.problem).toMatchObject({ status: 401, code: 'unauthenticated', detail: 'The access token is not valid.' });
  });

  it('refetches the key set for an unknown kid (a rotated-in key), at most once per interval', async () => {
    const fetchesAtStart = keyFetches.mock.calls.length;
    const rotated = jwksOf(publicKey, 'key-2');
    keyFetches.mockImplementation(() => Promise.resolve({ keys: [...jwksOf(publicKey, KID).keys, ...rotated.keys] }));
    jest.useFakeTimers({ now: Date.now() + REFETCH_INTERVAL_MS, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      expect((await authenticate(bearer(token(claims, { keyid: 'key-2' })))).principal).toBeDefined();
      // Unknown right after a fetch: it waits for the next one instead of being refused at once.
      const forged = codeOf(bearer(token(claims, { keyid: 'key-3' })));
      await jest.advanceTimersByTimeAsync(REFETCH_INTERVAL_MS - 1);
      expect(keyFetches.mock.calls.length - fetchesAtStart).toBe(1);
      await jest.advanceTimersByTimeAsync(1);
      expect(await forged).toBe('unauthenticated');
      expect(keyFetches.mock.calls.length - fetchesAtStart).toBe(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('verifies a token once and trusts it afterwards, but still checks revoked memberships', async () => {
    const keyFor = jest.spyOn(keys, 'keyFor');
    const reused = token();
    expect((await authenticate(bearer(reused))).principal?.userId).toBe(USER);
    expect((await authenticate(bearer(reused))).principal?.userId).toBe(USER);
    expect(keyFor).toHaveBeenCalledTimes(1);
    revokedUsers.add(USER);
    expect(await codeOf(bearer(reused))).toBe('membership_revoked');
  });

  it('takes an API key as a bearer token or in X-API-Key, and refuses unknown and suspended ones', async () => {
    const expected = { kind: 'api_key', apiKeyId: 'k-1', organizationId: ORG, platformAdmin: false, scopes: ['verify'] };
    expect((await authenticate(bearer(KEY))).principal).toEqual(expected);
    expect((await authenticate({ 'x-api-key': KEY })).principal).toEqual(expected);
    expect(await codeOf({ 'x-api-key': 'zk_live_unknown' })).toBe('invalid_api_key');
    apiKeys.set(KEY, { ...resolvedKey, organizationStatus: 'suspended' });
    expect(await codeOf({ 'x-api-key': KEY })).toBe('organization_suspended');
  });

  it('takes HTTP Basic with a key SID or the account SID and the key, on the Twilio-compatible routes only', async () => {
    const basic = (username: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` });
    const keySid = `SK${TWILIO_KEY_ID.replace(/-/g, '')}`;
    const accountSid = `AC${ORG.replace(/-/g, '')}`;
    expect((await authenticate(basic(keySid, TWILIO_KEY), TwilioRoutes)).principal).toMatchObject({ kind: 'api_key', apiKeyId: TWILIO_KEY_ID, organizationId: ORG });
    expect((await authenticate(basic(accountSid, TWILIO_KEY), TwilioRoutes)).principal).toMatchObject({ apiKeyId: TWILIO_KEY_ID });
    // The SID must name the key (or its organization); any other, or an unknown key, is refused alike.
    expect((await authenticate(basic(`SK${'0'.repeat(32)}`, TWILIO_KEY), TwilioRoutes)).problem?.problem.code).toBe('invalid_api_key');
    expect((await authenticate(basic(`AC${'0'.repeat(32)}`, TWILIO_KEY), TwilioRoutes)).problem?.problem.code).toBe('invalid_api_key');
    expect((await authenticate(basic(keySid, 'zk_live_unknown'), TwilioRoutes)).problem?.problem.code).toBe('invalid_api_key');
    expect((await authenticate(basic('someone', TWILIO_KEY), TwilioRoutes)).problem?.problem.code).toBe('invalid_api_key');
    expect((await authenticate(basic(keySid, TWILIO_KEY))).problem?.problem).toMatchObject({ code: 'unauthenticated', detail: 'Bad credential: use the Bearer scheme.' });
  });

  it('refuses the credentials of a suspended organization, except a platform operator acting for it', async () => {
    apiKeys.set(KEY, { ...resolvedKey, organizationId: SUSPENDED_ORG });
    expect(await codeOf({ 'x-api-key': KEY })).toBe('organization_suspended');
    expect(await codeOf(bearer(token({ ...claims, org: SUSPENDED_ORG })))).toBe('organization_suspended');
    expect((await authenticate(bearer(token({ ...claims, org: SUSPENDED_ORG, padm: true })))).principal?.platformAdmin).toBe(true);
  });

  it('establishes the outcome once per request, for the rate limiter and the guard alike', async () => {
    const request = { headers: { 'x-api-key': KEY } };
    const first = guard.authenticate(contextOf(request));
    expect(guard.authenticate(contextOf(request))).toBe(first);
    expect((await first).principal?.apiKeyId).toBe('k-1');
  });
});
