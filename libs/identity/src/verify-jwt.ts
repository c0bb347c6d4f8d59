import { decode, JwtPayload, TokenExpiredError, verify } from 'jsonwebtoken';
import { SigningKeyCache } from './signing-key-cache';
import { CLOCK_TOLERANCE_SECONDS, TOKEN_ALGORITHM, TOKEN_ISSUER } from './token-claims';
import { TokenVerificationError } from './token-verification.error';

export interface ExpectedToken {
  audience: string;
  typ: string;
}

const invalid = (message: string) => new TokenVerificationError('invalid', message);

/**
 * Checks a Zagel JWT: RS256 with a key auth published (by `kid`), issuer, audience, expiry (with a
 * little clock tolerance), `typ` and a subject. Returns the payload or throws TokenVerificationError.
 */
export async function verifyZagelJwt(token: string, keys: SigningKeyCache, expected: ExpectedToken): Promise<JwtPayload> {
  const decoded = decode(token, { complete: true });
  if (!decoded || typeof decoded.payload === 'string') throw invalid('not a JWT');
  if (decoded.header.alg !== TOKEN_ALGORITHM) throw invalid(`algorithm ${decoded.header.alg} is not accepted`);
  const kid = decoded.header.kid;
  if (!kid) throw invalid('no kid in the token header');
  const key = await keys.keyFor(kid);
  if (!key) throw invalid(`unknown signing key ${kid}`);

  let payload: JwtPayload | string;
  try {
    payload = verify(token, key, {
      algorithms: [TOKEN_ALGORITHM],
      issuer: TOKEN_ISSUER,
      audience: expected.audience,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });
  } catch (error) {
    if (error instanceof TokenExpiredError) throw new TokenVerificationError('expired', 'the token has expired');
    throw invalid(error instanceof Error ? error.message : 'verification failed');
  }
  if (typeof payload === 'string') throw invalid('the payload is not a JSON object');
  checkZagelPayload(payload, expected);
  return payload;
}

/** What every Zagel token's verified payload must hold besides its signature: an expiry, its `typ` and a subject. */
export function checkZagelPayload(payload: JwtPayload, expected: ExpectedToken): void {
  if (typeof payload.exp !== 'number') throw invalid('the token has no expiry');
  if (payload.typ !== expected.typ) throw invalid(`expected a ${expected.typ} token`);
  if (typeof payload.sub !== 'string' || payload.sub === '') throw invalid('the token has no subject');
}
