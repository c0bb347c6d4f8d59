import { randomBytes } from 'node:crypto';
import { randomPassword, TestPlatform } from '@zagel/testing';

// The dashboard's session: register, login and refresh also set the refresh token in an httpOnly,
// SameSite=Strict cookie scoped to /v1/auth; refresh and logout take it when the body has none.
// Plain fetch, because the SDK does not show Set-Cookie and this test reads it as a browser would.

const platform = new TestPlatform({ services: ['api-gateway', 'auth'] });

beforeAll(() => platform.start(), 120_000);
afterAll(() => platform.stop(), 30_000);

interface Answer {
  status: number;
  body: Record<string, unknown>;
  /** The refresh cookie this answer set, as the browser would keep it. */
  cookie?: string;
  setCookie?: string;
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${platform.url('api-gateway')}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  const setCookie = response.headers.getSetCookie().find((header) => header.startsWith('zagel_refresh='));
  return {
    status: response.status,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    setCookie,
    cookie: setCookie?.split(';', 1)[0],
  };
}

async function registered(): Promise<Answer> {
  const email = `cookie-${randomBytes(4).toString('hex')}@sessions.zagel.test`;
  const answer = await post('/v1/auth/register', { email, password: randomPassword(), name: 'Cookie Customer', organizationName: 'Cookie Org', accountType: 'customer' });
  expect(answer.status).toBe(201);
  return { ...answer, body: { ...answer.body, email } };
}

describe('the refresh cookie', () => {
  it('is set on register and login beside the unchanged JSON tokens: httpOnly, SameSite=Strict, Path=/v1/auth, not Secure on plain http to loopback', async () => {
    const signUp = await registered();
    expect(signUp.setCookie).toBe(`zagel_refresh=${encodeURIComponent(signUp.body.refreshToken as string)}; Path=/v1/auth; HttpOnly; SameSite=Strict`);

    const password = randomPassword();
    const email = `cookie-login-${randomBytes(4).toString('hex')}@sessions.zagel.test`;
    expect((await post('/v1/auth/register', { email, password, name: 'Login Cookie', organizationName: 'Login Org', accountType: 'customer' })).status).toBe(201);
    const login = await post('/v1/auth/login', { email, password });
    expect(login.status).toBe(200);
    expect(login.body).toEqual(expect.objectContaining({ accessToken: expect.any(String), refreshToken: expect.any(String), tokenType: 'Bearer' }));
    expect(login.cookie).toBe(`zagel_refresh=${encodeURIComponent(login.body.refreshToken as string)}`);
  });

  it('refreshes by the cookie alone, rotating it; the spent cookie is then refused and cleared', async () => {
    const signUp = await registered();
    const refreshed = await post('/v1/auth/refresh', {}, { cookie: signUp.cookie! });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(signUp.body.refreshToken);
    expect(refreshed.cookie).toBe(`zagel_refresh=${encodeURIComponent(refreshed.body.refreshToken as string)}`);

    const me = await fetch(`${platform.url('api-gateway')}/v1/me`, { headers: { authorization: `Bearer ${refreshed.body.accessToken as string}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(signUp.body.email);

    const again = await post('/v1/auth/refresh', {}, { cookie: refreshed.cookie! });
    expect(again.status).toBe(200);

    const spent = await post('/v1/auth/refresh', {}, { cookie: signUp.cookie! });
    expect(spent.status).toBe(401);
    expect(spent.body.code).toBe('refresh_token_reused');
    expect(spent.setCookie).toMatch(/^zagel_refresh=; Path=\/v1\/auth; HttpOnly; SameSite=Strict.*; Max-Age=0$/);
  });

  it('is ignored on a request a cross-site form could send (not JSON), and without any token refresh is 401', async () => {
    const signUp = await registered();
    const form = await post('/v1/auth/refresh', '', { cookie: signUp.cookie!, 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(401);
    expect(form.body.code).toBe('invalid_refresh_token');

    const none = await post('/v1/auth/refresh', {});
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('invalid_refresh_token');

    // Neither spent the cookie.
    expect((await post('/v1/auth/refresh', {}, { cookie: signUp.cookie! })).status).toBe(200);
  });

  it('logout by the cookie ends the session and clears the cookie', async () => {
    const signUp = await registered();
    const logout = await post('/v1/auth/logout', {}, { cookie: signUp.cookie! });
    expect(logout.status).toBe(204);
    expect(logout.setCookie).toMatch(/^zagel_refresh=; .*Max-Age=0$/);

    const after = await post('/v1/auth/refresh', { refreshToken: signUp.body.refreshToken });
    expect(after.status).toBe(401);
  });

  it('still takes the token in the body, which wins over a cookie', async () => {
    const first = await registered();
    const second = await registered();
    const refreshed = await post('/v1/auth/refresh', { refreshToken: second.body.refreshToken }, { cookie: first.cookie! });
    expect(refreshed.status).toBe(200);
    expect((refreshed.body.user as { email: string }).email).toBe(second.body.email);

    expect((await post('/v1/auth/logout', { refreshToken: refreshed.body.refreshToken })).status).toBe(204);
    expect((await post('/v1/auth/refresh', { refreshToken: refreshed.body.refreshToken })).status).toBe(401);
    // The cookie's session, not named in the body, lives on.
    expect((await post('/v1/auth/refresh', {}, { cookie: first.cookie! })).status).toBe(200);
  });
});
