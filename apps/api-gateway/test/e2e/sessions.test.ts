import { createPublicKey, JsonWebKey } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { randomBytes } from 'node:crypto';
import { PublicApiClient } from '@zagel/sdk';
import { expectProblem, randomPassword, TestPlatform } from '@zagel/testing';

const MAX_FAILURES_PER_ACCOUNT = 3;

const platform = new TestPlatform({ services: ['api-gateway', 'auth'], settings: { AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT: String(MAX_FAILURES_PER_ACCOUNT) } });

beforeAll(() => platform.start(), 120_000);
afterAll(() => platform.stop(), 30_000);

const uniqueEmail = (label: string) => `${label}-${randomBytes(4).toString('hex')}@sessions.zagel.test`;

async function login(email: string, password: string) {
  return (await platform.api.post('/v1/auth/login', { email, password })).expectStatus(200);
}

describe('register', () => {
  it('creates a customer with an organization and answers 201 with the user, the organization and both tokens', async () => {
    const email = uniqueEmail('register');
    const response = await platform.api.post('/v1/auth/register', {
      email,
      password: randomPassword(),
      name: 'Amira Customer',
      organizationName: 'Amira Apps',
      accountType: 'customer',
    });

    expect(response.status).toBe(201);
    expect(response.body.user).toEqual(
      expect.objectContaining({ id: expect.any(String), email, name: 'Amira Customer', accountType: 'customer' }),
    );
    expect(response.body.user).not.toHaveProperty('password');
    expect(response.body.user).not.toHaveProperty('passwordHash');
    expect(response.body.organization).toEqual(expect.objectContaining({ id: expect.any(String), name: 'Amira Apps', status: 'active' }));
    expect(response.body.accessToken.split('.')).toHaveLength(3);
  });

  it('puts accessToken and refreshToken at the top of the reply, as issue 3 states', async () => {
    const response = await platform.api.post('/v1/auth/register', {
      email: uniqueEmail('shape'),
      password: randomPassword(),
      name: 'Shape Check',
      organizationName: 'Shape Org',
      accountType: 'customer',
    });

    expect(response.status).toBe(201);
    expect(response.body).toEqual(expect.objectContaining({ accessToken: expect.any(String), refreshToken: expect.any(String) }));
  });

  it('creates a phone owner without an organization', async () => {
    const response = await platform.api.post('/v1/auth/register', {
      email: uniqueEmail('phone-owner'),
      password: randomPassword(),
      name: 'Omar Phone Owner',
      accountType: 'device_owner',
    });

    expect(response.status).toBe(201);
    expect(response.body.user.accountType).toBe('device_owner');
    expect(response.body.organization ?? undefined).toBeUndefined();
  });

  it('refuses an email already registered with 409 email_taken', async () => {
    const customer = await platform.signUp('taken');
    const response = await platform.api.post('/v1/auth/register', {
      email: customer.email,
      password: randomPassword(),
      name: 'Second Try',
      organizationName: 'Other',
      accountType: 'customer',
    });

    expectProblem(response, 409, 'email_taken');
  });
});

describe('login and profile', () => {
  it('logs in with the password and reads and updates /v1/me with the access token', async () => {
    const customer = await platform.signUp('profile');
    const session = await login(customer.email, customer.password);

    const me = await platform.api.get('/v1/me', { as: { bearer: session.accessToken } });
    expect(me.status).toBe(200);
    expect(me.body.user).toEqual(expect.objectContaining({ id: customer.userId, email: customer.email }));
    expect(me.body.memberships).toEqual([
      expect.objectContaining({ organization: expect.objectContaining({ id: customer.organizationId }), role: 'owner' }),
    ]);

    const renamed = await platform.api.patch('/v1/me', { name: 'Renamed Owner' }, { as: { bearer: session.accessToken } });
    expect(renamed.status).toBe(200);
    expect((await platform.api.get('/v1/me', { as: { bearer: session.accessToken } })).body.user.name).toBe('Renamed Owner');
  });

  it('answers an unknown email and a wrong password with the same 401 invalid_credentials body', async () => {
    const customer = await platform.signUp('same-error');
    const unknown = await platform.api.post('/v1/auth/login', { email: uniqueEmail('nobody'), password: customer.password });
    const wrong = await platform.api.post('/v1/auth/login', { email: customer.email, password: randomPassword() });

    expectProblem(unknown, 401, 'invalid_credentials');
    expectProblem(wrong, 401, 'invalid_credentials');
    const { instance: _i1, requestId: _r1, ...unknownBody } = unknown.problem!;
    const { instance: _i2, requestId: _r2, ...wrongBody } = wrong.problem!;
    expect(unknownBody).toEqual(wrongBody);
  });

  it('throttles an account after repeated failures with 429 too_many_attempts, even for the right password', async () => {
    const customer = await platform.signUp('throttled');
    const statuses: number[] = [];
    for (let attempt = 0; attempt <= MAX_FAILURES_PER_ACCOUNT && !statuses.includes(429); attempt++) {
      statuses.push((await platform.api.post('/v1/auth/login', { email: customer.email, password: randomPassword() })).status);
    }
    // The first failures are plain 401s; the throttle starts at the limit (on the attempt that reaches it, or the next).
    expect(statuses.slice(0, MAX_FAILURES_PER_ACCOUNT - 1)).toEqual(Array(MAX_FAILURES_PER_ACCOUNT - 1).fill(401));

    const blocked = await platform.api.post('/v1/auth/login', { email: customer.email, password: customer.password });
    expectProblem(blocked, 429, 'too_many_attempts');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses /v1/me without credentials (401 unauthenticated) and with a forged token', async () => {
    expectProblem(await platform.api.get('/v1/me'), 401, 'unauthenticated');

    const forged = jwt.sign({ sub: '0190f7a4-8c1e-7a3b-9f00-4d2c5e6a7b8c', typ: 'access', acct: 'customer' }, 'not-auth-s-key', {
      expiresIn: 600,
    });
    expectProblem(await platform.api.get('/v1/me', { as: { bearer: forged } }), 401, 'unauthenticated');
  });
});

describe('refresh tokens', () => {
  it('rotate: each refresh returns a new pair and the new access token works', async () => {
    const customer = await platform.signUp('rotate');
    const refreshed = await platform.api.post('/v1/auth/refresh', { refreshToken: customer.refreshToken });

    expect(refreshed.status).toBe(200);
    const next = refreshed.body;
    expect(next.refreshToken).not.toBe(customer.refreshToken);
    expect((await platform.api.get('/v1/me', { as: { bearer: next.accessToken } })).status).toBe(200);
    expect((await platform.api.post('/v1/auth/refresh', { refreshToken: next.refreshToken })).status).toBe(200);
  });

  it('reuse of a rotated token is refused with refresh_token_reused and revokes the family, newest token included', async () => {
    const customer = await platform.signUp('reuse');
    const second = (await platform.api.post('/v1/auth/refresh', { refreshToken: customer.refreshToken })).expectStatus(200);

    const replayed = await platform.api.post('/v1/auth/refresh', { refreshToken: customer.refreshToken });
    expectProblem(replayed, 401, 'refresh_token_reused');

    const newest = await platform.api.post('/v1/auth/refresh', { refreshToken: second.refreshToken });
    expect(newest.status).toBe(401);
    expect(['refresh_token_reused', 'invalid_refresh_token']).toContain(newest.problem?.code);
  });

  it('refuses a made-up refresh token with 401 invalid_refresh_token', async () => {
    expectProblem(await platform.api.post('/v1/auth/refresh', { refreshToken: 'not-a-refresh-token' }), 401, 'invalid_refresh_token');
  });

  it('logout answers 204 and ends the session: its refresh token no longer works', async () => {
    const customer = await platform.signUp('logout');
    const loggedOut = await customer.api.post('/v1/auth/logout', { refreshToken: customer.refreshToken });

    expect(loggedOut.status).toBe(204);
    const after = await platform.api.post('/v1/auth/refresh', { refreshToken: customer.refreshToken });
    expect(after.status).toBe(401);
    expect(['invalid_refresh_token', 'refresh_token_reused']).toContain(after.problem?.code);
  });
  it('a password change (PATCH /v1/me) needs the current password and ends the other sessions', async () => {
    const customer = await platform.signUp('password-change');
    const otherDevice = await login(customer.email, customer.password);
    const newPassword = randomPassword();

    const wrongCurrent = await customer.api.patch('/v1/me', { currentPassword: randomPassword(), newPassword });
    expect(wrongCurrent.status).toBeGreaterThanOrEqual(400);
    expect(wrongCurrent.status).toBeLessThan(500);

    const changed = await customer.api.patch('/v1/me', { currentPassword: customer.password, newPassword });
    expect(changed.status).toBe(200);
    expect((await platform.api.post('/v1/auth/refresh', { refreshToken: otherDevice.refreshToken })).status).toBe(401);
    expectProblem(await platform.api.post('/v1/auth/login', { email: customer.email, password: customer.password }), 401, 'invalid_credentials');
    expect((await platform.api.post('/v1/auth/login', { email: customer.email, password: newPassword })).status).toBe(200);
  });
});

describe('signing keys', () => {
  it('the gateway reports ready only once it holds the keys to verify tokens (a token issued at once is accepted)', async () => {
    const customer = await platform.signUp('fresh-gateway');
    const fresh = await platform.startAnother('api-gateway');
    const api = new PublicApiClient({ baseUrl: fresh.url });

    const jwks = await api.get('/.well-known/jwks.json');
    expect(jwks.status).toBe(200);
    expect((jwks.body as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
    expect((await api.get('/v1/me', { as: { bearer: customer.accessToken } })).status).toBe(200);
    await fresh.stop();
  }, 120_000);

  it('publishes the JWKS at /.well-known/jwks.json and an access token verifies locally against it', async () => {
    const customer = await platform.signUp('jwks');
    const jwks = await platform.api.get('/.well-known/jwks.json');

    expect(jwks.status).toBe(200);
    const header = jwt.decode(customer.accessToken, { complete: true })?.header;
    const jwk = (jwks.body as { keys: Array<JsonWebKey & { kid: string }> }).keys.find((key) => key.kid === header?.kid);
    expect(jwk).toBeDefined();
    expect(jwk).not.toHaveProperty('d');

    const claims = jwt.verify(customer.accessToken, createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }), {
      algorithms: ['RS256', 'EdDSA' as jwt.Algorithm],
    }) as jwt.JwtPayload;
    expect(claims).toEqual(expect.objectContaining({ sub: customer.userId, org: customer.organizationId, typ: 'access' }));
  });
});
