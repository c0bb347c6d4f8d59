import jwt from 'jsonwebtoken';
import { ACCESS_TOKEN_AUDIENCE, DEVICE_TOKEN_AUDIENCE, generateSigningKey, publicJwk, signToken, SigningKeyMaterial, verifyToken } from './jwt';

describe('signing and verifying tokens', () => {
  let key: SigningKeyMaterial;
  let other: SigningKeyMaterial;

  beforeAll(async () => {
    [key, other] = await Promise.all([generateSigningKey(), generateSigningKey()]);
  });

  it('round-trips the claims through the published JWK, with kid, issuer, audience and expiry', () => {
    const token = signToken(key, { sub: 'user-1', org: 'org-1', role: 'owner', acct: 'customer', typ: 'access' }, {
      audience: ACCESS_TOKEN_AUDIENCE,
      ttlSeconds: 900,
    });
    expect(jwt.decode(token, { complete: true })?.header).toMatchObject({ alg: 'RS256', kid: key.kid });
    const claims = verifyToken(token, [publicJwk(other.kid, other.publicKey), publicJwk(key.kid, key.publicKey)], ACCESS_TOKEN_AUDIENCE);
    expect(claims).toMatchObject({ sub: 'user-1', org: 'org-1', role: 'owner', typ: 'access', iss: 'zagel', aud: 'zagel-api' });
    expect(claims.exp! - claims.iat!).toBe(900);
  });

  it('publishes RSA JWKs for signatures', () => {
    expect(publicJwk(key.kid, key.publicKey)).toMatchObject({ kid: key.kid, kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
  });

  it('refuses a token whose key is not published, a forged kid, another audience, or an expired token', () => {
    const token = signToken(key, { sub: 'user-1' }, { audience: ACCESS_TOKEN_AUDIENCE, ttlSeconds: 60 });
    expect(() => verifyToken(token, [publicJwk(other.kid, other.publicKey)], ACCESS_TOKEN_AUDIENCE)).toThrow();
    expect(() => verifyToken(token, [publicJwk(key.kid, other.publicKey)], ACCESS_TOKEN_AUDIENCE)).toThrow();
    expect(() => verifyToken(token, [publicJwk(key.kid, key.publicKey)], DEVICE_TOKEN_AUDIENCE)).toThrow();
    const expired = signToken(key, { sub: 'user-1' }, { audience: ACCESS_TOKEN_AUDIENCE, ttlSeconds: -10 });
    expect(() => verifyToken(expired, [publicJwk(key.kid, key.publicKey)], ACCESS_TOKEN_AUDIENCE)).toThrow(/expired/);
  });

  it('names the jti of device tokens', () => {
    const token = signToken(key, { sub: 'device-1', owner: 'user-1', typ: 'device' }, { audience: DEVICE_TOKEN_AUDIENCE, ttlSeconds: 3600, jwtid: 'j-1' });
    expect(verifyToken(token, [publicJwk(key.kid, key.publicKey)], DEVICE_TOKEN_AUDIENCE)).toMatchObject({ jti: 'j-1', owner: 'user-1' });
  });
});
