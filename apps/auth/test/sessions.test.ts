import { GetSigningKeys, Login, Logout, RefreshSession, Register, UpdateProfile } from '@zagel/contracts';
import { TestPlatform } from '@zagel/testing';
import { ACCESS_TOKEN_AUDIENCE, verifyToken } from '../src/signing-keys/jwt';
import { AuthDesk, STRONG_PASSWORD } from './support/auth-desk';

describe('auth sessions over the bus', () => {
  const platform = new TestPlatform({ services: ['auth'], settings: { AUTH_LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', AUTH_LOGIN_MAX_FAILURES_PER_IP: '8' } });
  let auth: AuthDesk;

  beforeAll(async () => {
    await platform.start();
    auth = await AuthDesk.open(platform);
  }, 120_000);
  afterAll(() => platform.stop(), 60_000);

  it('registers, logs in, rotates refresh tokens and revokes the family when an old one comes back', async () => {
    const email = auth.email('Mixed.Case');
    const registered = await auth.register({ email, organizationName: 'Acme' });
    expect(registered.user).toMatchObject({ email: email.toLowerCase(), accountType: 'customer', platformAdmin: false });
    expect(registered.organization).toMatchObject({ name: 'Acme', status: 'active' });
    expect(registered.tokens.refreshToken).toMatch(/^zr_[A-Za-z0-9_-]{43}$/);

    const { keys } = await auth.call(GetSigningKeys, {});
    const claims = verifyToken(registered.tokens.accessToken, keys, ACCESS_TOKEN_AUDIENCE);
    expect(claims).toMatchObject({ sub: registered.user.id, org: registered.organization!.id, role: 'owner', acct: 'customer', typ: 'access' });

    const login = await auth.call(Login, { email: email.toUpperCase(), password: STRONG_PASSWORD, client: { ip: '198.51.100.2' } });
    const rotated = await auth.call(RefreshSession, { refreshToken: login.tokens.refreshToken });
    expect(rotated.tokens.refreshToken).not.toBe(login.tokens.refreshToken);
    const family = verifyToken(login.tokens.accessToken, keys, ACCESS_TOKEN_AUDIENCE).fam as string;
    expect(family).toEqual(expect.any(String));
    expect(verifyToken(rotated.tokens.accessToken, keys, ACCESS_TOKEN_AUDIENCE).fam).toBe(family);

    await expect(auth.call(RefreshSession, { refreshToken: login.tokens.refreshToken })).rejects.toMatchObject({ code: 'refresh_token_reused' });
    // The whole family is gone, including the token issued by the rotation.
    await expect(auth.call(RefreshSession, { refreshToken: rotated.tokens.refreshToken })).rejects.toMatchObject({ code: 'invalid_refresh_token' });
    // Another login (the registration's session) is a different family and still works.
    await expect(auth.call(RefreshSession, { refreshToken: registered.tokens.refreshToken })).resolves.toBeDefined();
    await expect(auth.call(RefreshSession, { refreshToken: 'zr_unknown' })).rejects.toMatchObject({ code: 'invalid_refresh_token' });
  });

  it('logout revokes the family', async () => {
    const session = await auth.register();
    await auth.call(Logout, { refreshToken: session.tokens.refreshToken });
    await expect(auth.call(RefreshSession, { refreshToken: session.tokens.refreshToken })).rejects.toMatchObject({ code: 'invalid_refresh_token' });
  });

  it('answers unknown email and wrong password identically', async () => {
    const session = await auth.register();
    const unknown = await auth.call(Login, { email: auth.email('nobody'), password: STRONG_PASSWORD, client: { ip: '198.51.100.3' } }).catch((e: unknown) => e);
    const wrong = await auth.call(Login, { email: session.user.email, password: 'not-the-password-1', client: { ip: '198.51.100.3' } }).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: 'invalid_credentials' });
    expect(wrong).toMatchObject({ code: 'invalid_credentials' });
    expect((unknown as Error).message).toBe((wrong as Error).message);
  });

  it('throttles failed logins per account, and a success clears the count', async () => {
    const session = await auth.register();
    const attempt = (password: string, ip: string) => auth.call(Login, { email: session.user.email, password, client: { ip } });
    for (let i = 0; i < 2; i++) await expect(attempt('wrong-password-xx', '203.0.113.1')).rejects.toMatchObject({ code: 'invalid_credentials' });
    await attempt(STRONG_PASSWORD, '203.0.113.1');
    for (let i = 0; i < 3; i++) await expect(attempt('wrong-password-xx', `203.0.113.${10 + i}`)).rejects.toMatchObject({ code: 'invalid_credentials' });
    const refused = await attempt(STRONG_PASSWORD, '203.0.113.20').catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'too_many_attempts', details: { retryAfterSeconds: expect.any(Number) } });
  });

  it('throttles failed logins per IP across accounts', async () => {
    const ip = '192.0.2.77';
    for (let i = 0; i < 8; i++) {
      await expect(auth.call(Login, { email: auth.email('spray'), password: STRONG_PASSWORD, client: { ip } })).rejects.toMatchObject({ code: 'invalid_credentials' });
    }
    await expect(auth.call(Login, { email: auth.email('spray'), password: STRONG_PASSWORD, client: { ip } })).rejects.toMatchObject({ code: 'too_many_attempts' });
  });

  it('refuses weak passwords with reasons, and taken emails', async () => {
    await expect(auth.register({ password: 'short' })).rejects.toMatchObject({ code: 'weak_password', details: { reasons: expect.arrayContaining(['too_short']) } });
    await expect(auth.register({ password: 'password1234' })).rejects.toMatchObject({ code: 'weak_password', details: { reasons: ['too_common'] } });
    const session = await auth.register();
    await expect(auth.register({ email: session.user.email.toUpperCase() })).rejects.toMatchObject({ code: 'email_taken' });
  });

  it('registers phone owners without an organization', async () => {
    const session = await auth.call(Register, { email: auth.email('phone'), password: STRONG_PASSWORD, name: 'Phone Owner', accountType: 'device_owner', client: {} });
    expect(session.organization).toBeUndefined();
    const { keys } = await auth.call(GetSigningKeys, {});
    const claims = verifyToken(session.tokens.accessToken, keys, ACCESS_TOKEN_AUDIENCE);
    expect(claims).toMatchObject({ acct: 'device_owner', typ: 'access' });
    expect(claims.org).toBeUndefined();
  });

  it('changing the password needs the current one and ends every session', async () => {
    const session = await auth.register();
    const { id: userId } = session.user;
    await expect(auth.call(UpdateProfile, { userId, currentPassword: 'wrong-password-xx', newPassword: 'amber-lantern-57-otter-grove' })).rejects.toMatchObject({ code: 'invalid_credentials' });
    const profile = await auth.call(UpdateProfile, { userId, name: 'Renamed', currentPassword: STRONG_PASSWORD, newPassword: 'amber-lantern-57-otter-grove' });
    expect(profile.user.name).toBe('Renamed');
    expect(profile.memberships).toHaveLength(1);
    await expect(auth.call(RefreshSession, { refreshToken: session.tokens.refreshToken })).rejects.toMatchObject({ code: 'invalid_refresh_token' });
    await expect(auth.call(Login, { email: session.user.email, password: 'amber-lantern-57-otter-grove', client: {} })).resolves.toBeDefined();
  });

  it('keeps tokens signed by a rotated-out key verifiable', async () => {
    const before = await auth.register();
    // Auth rotates a key older than AUTH_SIGNING_KEY_ROTATION_DAYS when it starts: age the current one and restart.
    await platform.db('auth').query(`UPDATE signing_keys SET created_at = now() - interval '400 days' WHERE retired_at IS NULL`);
    await platform.instance('auth').restart('kill');
    const after = await auth.call(Login, { email: before.user.email, password: STRONG_PASSWORD, client: {} });
    const { keys } = await auth.call(GetSigningKeys, {});
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(verifyToken(before.tokens.accessToken, keys, ACCESS_TOKEN_AUDIENCE).sub).toBe(before.user.id);
    expect(verifyToken(after.tokens.accessToken, keys, ACCESS_TOKEN_AUDIENCE).sub).toBe(before.user.id);
    const kid = (token: string) => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as { kid: string };
    expect(kid(after.tokens.accessToken).kid).not.toBe(kid(before.tokens.accessToken).kid);
  });
});
