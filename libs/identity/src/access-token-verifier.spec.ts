import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { sign, SignOptions } from 'jsonwebtoken';
import { JsonWebKeySet } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { AccessTokenVerifier } from './access-token-verifier';
import { DeviceTokenVerifier } from './device-token-verifier';
import { SigningKeyCache } from './signing-key-cache';
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

function token(payload: object = claims, options: SignOptions = {}, key: KeyObject | string = privateKey): string {
  const expiry = 'exp' in payload || 'expiresIn' in options ? {} : { expiresIn: 300 };
  return sign(payload, key, { algorithm: 'RS256', keyid: KID, issuer: 'zagel', audience: 'zagel-api', ...expiry, ...options });
}

const noExpiry = (payload: object) => sign(payload, privateKey, { algorithm: 'RS256', keyid: KID, issuer: 'zagel', audience: 'zagel-api' });

async function rejection(promise: Promise<unknown>): Promise<TokenVerificationError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(TokenVerificationError);
  return error as TokenVerificationError;
}

describe('AccessTokenVerifier', () => {
  let cache: SigningKeyCache;
  let verifier: AccessTokenVerifier;
  let calls: jest.Mock;

  beforeEach(async () => {
    const { bus, call } = fakeBus(() => jwksOf(publicKey, KID));
    calls = call;
    cache = new SigningKeyCache(bus);
    await cache.onApplicationBootstrap();
    verifier = new AccessTokenVerifier(cache);
  });
  afterEach(() => cache.onModuleDestroy());

  it('accepts a token signed with a published key and returns its claims', async () => {
    const issuedAround = Math.floor(Date.now() / 1000);
    const verified = await verifier.verify(token());
    expect(verified).toEqual({ ...claims, padm: false, fam: undefined, iat: expect.any(Number), exp: expect.any(Number) });
    expect(Math.abs((verified.iat ?? 0) - issuedAround)).toBeLessThanOrEqual(1);
  });

  it('tolerates a few seconds of clock skew', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expect(verifier.verify(token({ ...claims, exp: now - 2 }))).resolves.toBeDefined();
  });

  it('says expired for an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const error = await rejection(verifier.verify(token({ ...claims, exp: now - 60 })));
    expect(error.reason).toBe('expired');
  });

  it.each([
    ['a wrong issuer', () => token(claims, { issuer: 'someone' })],
    ['a wrong audience', () => token(claims, { audience: 'zagel-device' })],
    ['a device token', () => token({ ...claims, typ: 'device' })],
    ['no expiry', () => noExpiry(claims)],
    ['another key', () => token(claims, {}, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey)],
    ['HS256 signed with the public key', () => sign(claims, 'secret', { algorithm: 'HS256', keyid: KID, issuer: 'zagel', audience: 'zagel-api', expiresIn: 60 })],
    ['no signature', () => `${token().split('.').slice(0, 2).join('.')}.`],
    ['garbage', () => 'not-a-jwt'],
    ['no account type', () => token({ sub: claims.sub, typ: 'access' })],
  ])('says invalid for %s', async (_name, make) => {
    expect((await rejection(verifier.verify(make()))).reason).toBe('invalid');
  });

  it('refetches the key set for an unknown kid, at most once per interval', async () => {
    const unknown = token(claims, { keyid: 'key-2' });
    expect((await rejection(verifier.verify(unknown))).reason).toBe('invalid');
    expect((await rejection(verifier.verify(unknown))).reason).toBe('invalid');
    expect(calls.mock.calls.length).toBeLessThanOrEqual(2);
  });
});

describe('SigningKeyCache', () => {
  it('fetches at once on a token while nothing is loaded (auth started after this app)', async () => {
    let up = false;
    const call = jest.fn(() => (up ? Promise.resolve(jwksOf(publicKey, KID)) : Promise.reject(new Error('no auth'))));
    const cache = new SigningKeyCache({ rpc: { call } } as unknown as Bus);
    await cache.onApplicationBootstrap();
    up = true;
    await expect(new AccessTokenVerifier(cache).verify(token())).resolves.toMatchObject({ sub: claims.sub });
    await expect(cache.jwks()).resolves.toEqual(jwksOf(publicKey, KID));
    cache.onModuleDestroy();
  });
});

describe('DeviceTokenVerifier', () => {
  it('accepts device tokens and refuses access tokens', async () => {
    const cache = new SigningKeyCache(fakeBus(() => jwksOf(publicKey, KID)).bus);
    await cache.onApplicationBootstrap();
    const verifier = new DeviceTokenVerifier(cache);
    const device = token({ sub: 'd-1', owner: 'u-1', typ: 'device' }, { audience: 'zagel-device' });
    await expect(verifier.verify(device)).resolves.toEqual({ sub: 'd-1', owner: 'u-1', typ: 'device', iat: expect.any(Number) });
    expect((await rejection(verifier.verify(token()))).reason).toBe('invalid');
    cache.onModuleDestroy();
  });
});
