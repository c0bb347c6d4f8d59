import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { sign, SignOptions } from 'jsonwebtoken';
import { JsonWebKeySet } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { accessTokenClaims } from './access-token-claims';
import { DeviceTokenVerifier } from './device-token-verifier';
import { REFETCH_INTERVAL_MS, SigningKeyCache } from './signing-key-cache';
import { TokenVerificationError } from './token-verification.error';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KID = 'key-1';

function jwksOf(key: KeyObject, kid: string): JsonWebKeySet {
  const { n, e } = key.export({ format: 'jwk' });
  return { keys: [{ kid, kty: 'RSA', alg: 'RS256', use: 'sig', n, e }] };
}

function fakeBus(answer: () => JsonWebKeySet) {
  const call = jest.fn(() => Promise.resolve(answer()));
  return { bus: { rpc: { call } } as unknown as Bus, call };
}

const claims = { sub: '0190a6f2-7c3e-7abc-8def-0123456789ab', org: '0190a6f2-7c3e-7abc-8def-0123456789ac', role: 'owner', acct: 'customer', typ: 'access' };

function token(payload: object, options: SignOptions = {}): string {
  return sign(payload, privateKey, { algorithm: 'RS256', keyid: KID, issuer: 'zagel', ...options });
}

async function rejection(promise: Promise<unknown>): Promise<TokenVerificationError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(TokenVerificationError);
  return error as TokenVerificationError;
}

function refusal(read: () => unknown): TokenVerificationError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(TokenVerificationError);
    return error as TokenVerificationError;
  }
  throw new Error('accepted');
}

describe('accessTokenClaims', () => {
  const now = Math.floor(Date.now() / 1000);

  it('reads the claims of a verified access token', () => {
    expect(accessTokenClaims({ ...claims, iat: now, exp: now + 60 })).toEqual({ ...claims, padm: false, fam: undefined, iat: now, exp: now + 60 });
    expect(accessTokenClaims({ ...claims, padm: true, fam: 'f-1', exp: now + 60 })).toMatchObject({ padm: true, fam: 'f-1' });
  });

  it.each([
    ['no expiry', { ...claims }],
    ['a device token', { ...claims, typ: 'device', exp: now + 60 }],
    ['no subject', { ...claims, sub: '', exp: now + 60 }],
    ['no account type', { sub: claims.sub, typ: 'access', exp: now + 60 }],
    ['an unknown role', { ...claims, role: 'god', exp: now + 60 }],
    ['a numeric organization', { ...claims, org: 42, exp: now + 60 }],
  ])('refuses %s as invalid', (_name, payload) => {
    expect(refusal(() => accessTokenClaims(payload)).reason).toBe('invalid');
  });
});

describe('SigningKeyCache', () => {
  it('fetches at once on a token while nothing is loaded (auth started after this app)', async () => {
    let up = false;
    const call = jest.fn(() => (up ? Promise.resolve(jwksOf(publicKey, KID)) : Promise.reject(new Error('no auth'))));
    const cache = new SigningKeyCache({ rpc: { call } } as unknown as Bus);
    await cache.onApplicationBootstrap();
    up = true;
    await expect(cache.keyFor(KID)).resolves.toBeDefined();
    await expect(cache.jwks()).resolves.toEqual(jwksOf(publicKey, KID));
    cache.onModuleDestroy();
  });

  it('refetches the key set for an unknown kid, at most once per interval', async () => {
    const { bus, call } = fakeBus(() => jwksOf(publicKey, KID));
    const cache = new SigningKeyCache(bus);
    await cache.onApplicationBootstrap();
    jest.useFakeTimers({ now: Date.now(), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const forged = [cache.keyFor('forged-1'), cache.keyFor('forged-2'), cache.keyFor('forged-3')];
      await jest.advanceTimersByTimeAsync(REFETCH_INTERVAL_MS);
      await expect(Promise.all(forged)).resolves.toEqual([undefined, undefined, undefined]);
      expect(call).toHaveBeenCalledTimes(2);
    } finally {
      jest.useRealTimers();
      cache.onModuleDestroy();
    }
  });

  it('accepts a key rotated in just after a fetch, once the throttle window has passed', async () => {
    const rotated = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    let set = jwksOf(publicKey, KID);
    const { bus, call } = fakeBus(() => set);
    const cache = new SigningKeyCache(bus);
    await cache.onApplicationBootstrap();
    set = { keys: [...set.keys, ...jwksOf(rotated, 'key-2').keys] };
    jest.useFakeTimers({ now: Date.now(), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      const lookup = cache.keyFor('key-2');
      await jest.advanceTimersByTimeAsync(REFETCH_INTERVAL_MS);
      await expect(lookup).resolves.toBeDefined();
      expect(call).toHaveBeenCalledTimes(2);
    } finally {
      jest.useRealTimers();
      cache.onModuleDestroy();
    }
  });
});

describe('DeviceTokenVerifier', () => {
  it('accepts device tokens and refuses access tokens, expired and unsigned tokens', async () => {
    const cache = new SigningKeyCache(fakeBus(() => jwksOf(publicKey, KID)).bus);
    await cache.onApplicationBootstrap();
    const verifier = new DeviceTokenVerifier(cache);
    const device = token({ sub: 'd-1', owner: 'u-1', typ: 'device' }, { audience: 'zagel-device', expiresIn: 300 });
    await expect(verifier.verify(device)).resolves.toEqual({ sub: 'd-1', owner: 'u-1', typ: 'device', iat: expect.any(Number) });
    expect((await rejection(verifier.verify(token(claims, { audience: 'zagel-api', expiresIn: 300 })))).reason).toBe('invalid');
    const expired = token({ sub: 'd-1', owner: 'u-1', typ: 'device', exp: Math.floor(Date.now() / 1000) - 60 }, { audience: 'zagel-device' });
    expect((await rejection(verifier.verify(expired))).reason).toBe('expired');
    expect((await rejection(verifier.verify(`${device.split('.').slice(0, 2).join('.')}.`))).reason).toBe('invalid');
    cache.onModuleDestroy();
  });
});
