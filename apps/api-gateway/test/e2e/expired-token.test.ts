import * as jwt from 'jsonwebtoken';
import { Client } from 'pg';
import { Edge, expectProblem, registerCustomer, startEdge } from './support/edge';

/**
 * auth refuses an access-token lifetime under 30 s (AUTH_ACCESS_TOKEN_TTL_SECONDS has @Min(30)), and
 * waiting that long would dominate the suite. So the test takes a real access token and signs its
 * claims again with auth's own current key, moved an hour into the past: to the gateway this is
 * exactly a token whose time ran out.
 */
let edge: Edge;

beforeAll(async () => {
  edge = await startEdge();
}, 90_000);

afterAll(async () => {
  await edge?.stop();
});

async function authSigningKey(): Promise<{ kid: string; privateKey: string }> {
  const client = new Client({ connectionString: edge.test.settings.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ kid: string; private_key: string }>(
      `SELECT kid, private_key FROM ${edge.test.namespace.schema('auth')}.signing_keys WHERE retired_at IS NULL`,
    );
    return { kid: rows[0].kid, privateKey: rows[0].private_key };
  } finally {
    await client.end();
  }
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
    const customer = await registerCustomer(edge.api, 'expired');
    const key = await authSigningKey();
    const decoded = jwt.decode(customer.accessToken, { complete: true });
    expect(decoded?.header.kid).toBe(key.kid);

    // Control: re-signing by itself changes nothing the gateway cares about.
    const claims = decoded?.payload as jwt.JwtPayload;
    const fresh = jwt.sign(claims, key.privateKey, { algorithm: 'RS256', keyid: key.kid });
    expect((await edge.api.get('/v1/me', { as: { bearer: fresh } })).status).toBe(200);

    const expired = expiredCopyOf(customer.accessToken, key);
    expectProblem(await edge.api.get('/v1/me', { as: { bearer: expired } }), 401, 'token_expired');
    expectProblem(await edge.api.get('/v1/ping', { as: { bearer: expired } }), 401, 'token_expired');
  });

  it('the refresh token still yields a working access token afterwards', async () => {
    const customer = await registerCustomer(edge.api, 'expired-refresh');
    const refreshed = await edge.api.post('/v1/auth/refresh', { refreshToken: customer.refreshToken });

    expect(refreshed.status).toBe(200);
    const accessToken = refreshed.body.accessToken ?? refreshed.body.tokens.accessToken;
    expect((await edge.api.get('/v1/me', { as: { bearer: accessToken } })).status).toBe(200);
  });
});
