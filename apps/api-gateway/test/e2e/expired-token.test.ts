import * as jwt from 'jsonwebtoken';
import { expectProblem, TestPlatform } from '@zagel/testing';

/**
 * auth refuses an access-token lifetime under 30 s (AUTH_ACCESS_TOKEN_TTL_SECONDS has @Min(30)), and
 * waiting that long would dominate the suite. So the test takes a real access token and signs its
 * claims again with auth's own current key, moved an hour into the past: to the gateway this is
 * exactly a token whose time ran out.
 */
const platform = new TestPlatform({ services: ['api-gateway', 'auth'] });

beforeAll(() => platform.start(), 120_000);
afterAll(() => platform.stop(), 30_000);

async function authSigningKey(): Promise<{ kid: string; privateKey: string }> {
  const [row] = await platform.db('auth').query<{ kid: string; private_key: string }>(`SELECT kid, private_key FROM signing_keys WHERE retired_at IS NULL`);
  return { kid: row.kid, privateKey: row.private_key };
}

/** The same claims, issued an hour ago with the token's own lifetime: expired, validly signed. */
function expiredCopyOf(token: string, key: { kid: string; privateKey: string }): string {
  const claims = jwt.decode(token) as jwt.JwtPayload;
  const lifetime = (claims.exp as number) - (claims.iat as number);
  const iat = Math.floor(Date.now() / 1000) - 3_600;
  return jwt.sign({ ...claims, iat, exp: iat + lifetime }, key.privateKey, { algorithm: 'RS256', keyid: key.kid });
}

describe('expired access token', () => {
  it('is refused with 401 token_expired, while the same claims unexpired are accepted', async () => {
    const customer = await platform.signUp('expired');
    const key = await authSigningKey();
    const decoded = jwt.decode(customer.accessToken, { complete: true });
    expect(decoded?.header.kid).toBe(key.kid);

    // Control: re-signing by itself changes nothing the gateway cares about.
    const claims = decoded?.payload as jwt.JwtPayload;
    const fresh = jwt.sign(claims, key.privateKey, { algorithm: 'RS256', keyid: key.kid });
    expect((await platform.api.get('/v1/me', { as: { bearer: fresh } })).status).toBe(200);

    const expired = expiredCopyOf(customer.accessToken, key);
    expectProblem(await platform.api.get('/v1/me', { as: { bearer: expired } }), 401, 'token_expired');
    expectProblem(await platform.api.get('/v1/ping', { as: { bearer: expired } }), 401, 'token_expired');
  });

  it('the refresh token still yields a working access token afterwards', async () => {
    const customer = await platform.signUp('expired-refresh');
    const refreshed = await platform.api.post('/v1/auth/refresh', { refreshToken: customer.refreshToken });

    expect(refreshed.status).toBe(200);
    const { accessToken } = refreshed.body;
    expect((await platform.api.get('/v1/me', { as: { bearer: accessToken } })).status).toBe(200);
  });
});
