import { createPublicKey, generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import jwt from 'jsonwebtoken';
import { v7 as uuidv7 } from 'uuid';
import { PublicJwk } from '@zagel/contracts';

export const TOKEN_ISSUER = 'zagel';
export const ACCESS_TOKEN_AUDIENCE = 'zagel-api';
/** Device tokens get an audience of their own, so one can never pass as an access token. */
export const DEVICE_TOKEN_AUDIENCE = 'zagel-device';
export const SIGNING_ALGORITHM = 'RS256';

export interface SigningKeyMaterial {
  kid: string;
  publicKey: string;
  privateKey: string;
}

const generateRsaKeyPair = promisify(generateKeyPair);

export async function generateSigningKey(): Promise<SigningKeyMaterial> {
  const { publicKey, privateKey } = await generateRsaKeyPair('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { kid: uuidv7(), publicKey, privateKey };
}

export interface SignOptions {
  audience: string;
  ttlSeconds: number;
  jwtid?: string;
}

/** A JWT signed with `key`, naming it in the `kid` header. */
export function signToken(key: SigningKeyMaterial, claims: object, options: SignOptions): string {
  return jwt.sign({ ...claims }, key.privateKey, {
    algorithm: SIGNING_ALGORITHM,
    keyid: key.kid,
    issuer: TOKEN_ISSUER,
    audience: options.audience,
    expiresIn: options.ttlSeconds,
    ...(options.jwtid ? { jwtid: options.jwtid } : {}),
  });
}

/** The public half as a JWK (RFC 7517), as GetSigningKeys publishes it. */
export function publicJwk(kid: string, publicKeyPem: string): PublicJwk {
  const jwk = createPublicKey(publicKeyPem).export({ format: 'jwk' });
  return { kid, kty: String(jwk.kty), alg: SIGNING_ALGORITHM, use: 'sig', n: jwk.n, e: jwk.e };
}

/** Verifies a token against a published key set, the way other apps do it. Throws when it does not verify. */
export function verifyToken(token: string, keys: readonly PublicJwk[], audience: string): jwt.JwtPayload {
  const decoded = jwt.decode(token, { complete: true });
  const kid = decoded?.header.kid;
  const jwk = keys.find((key) => key.kid === kid);
  if (!jwk) throw new Error(`no published key ${String(kid)}`);
  const publicKey = createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' });
  const payload = jwt.verify(token, publicKey, { algorithms: [SIGNING_ALGORITHM], issuer: TOKEN_ISSUER, audience });
  if (typeof payload === 'string') throw new Error('token payload is not an object');
  return payload;
}
