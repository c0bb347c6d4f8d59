/**
 * @jest-environment jsdom
 */
import { Session, SESSION_ENDED_NOTICE } from './session';

interface Call {
  path: string;
  body?: unknown;
  authorization?: string;
  credentials?: RequestCredentials;
}

const USER = { id: 'u1', email: 'amira@zagel.test', name: 'Amira', accountType: 'customer', platformAdmin: false, createdAt: '2026-11-01T00:00:00.000Z' };

/**
 * The auth API as the browser meets it: the refresh cookie is the browser's business, so it is a flag
 * here; refresh rotates the access token, `/v1/me` takes only the newest one.
 */
function fakeApi({ cookie = true } = {}) {
  const calls: Call[] = [];
  let live = cookie;
  let issued = 0;
  const answer = (status: number, body?: unknown) => ({
    status,
    headers: { get: (name: string) => (name === 'content-type' ? (status >= 400 ? 'application/problem+json' : 'application/json') : null) },
    text: async () => (body === undefined ? '' : JSON.stringify(body)),
  });
  const session = () => {
    issued += 1;
    live = true;
    return answer(200, { user: USER, accessToken: `access-${issued}`, refreshToken: `refresh-${issued}`, expiresIn: 900, tokenType: 'Bearer' });
  };
  const fetch = jest.fn(async (url: string, init: RequestInit) => {
    const path = new URL(url).pathname;
    const headers = init.headers as Record<string, string>;
    calls.push({ path, body: init.body ? (JSON.parse(init.body as string) as unknown) : undefined, authorization: headers.authorization, credentials: init.credentials });
    // Yield once, as a real answer would: concurrent callers get to ask before anyone is answered.
    await Promise.resolve();
    if (path === '/v1/auth/login') return session();
    if (path === '/v1/auth/refresh') return live ? session() : answer(401, { code: 'invalid_refresh_token', detail: 'The refresh token is not valid.' });
    if (path === '/v1/auth/logout') {
      live = false;
      return answer(204);
    }
    if (path === '/v1/me') return headers.authorization === `Bearer access-${issued}` ? answer(200, { user: USER }) : answer(401, { code: 'token_expired' });
    return answer(404, { code: 'not_found' });
  });
  Object.assign(globalThis, { fetch });
  if (!globalThis.crypto.randomUUID) Object.assign(globalThis.crypto, { randomUUID: () => '00000000-0000-4000-8000-000000000000' });
  return {
    calls,
    /** The server ends the session (expiry, revocation): the cookie's token stops working, the access token too. */
    endSession: () => {
      live = false;
      issued += 1;
    },
    /** The access token expires; the session lives on. */
    expireAccessToken: () => {
      issued += 1;
      live = true;
    },
  };
}

const me = (session: Session) => session.call((api) => api.get('/v1/me'));

describe("the dashboard's session", () => {
  afterEach(() => {
    window.sessionStorage.clear();
    window.localStorage.clear();
  });

  it('restores itself after a reload by the refresh cookie alone, and keeps no token where a script could read it', async () => {
    const api = fakeApi();
    const session = new Session();
    expect(session.state).toEqual({ phase: 'restoring' });

    await session.restore();

    expect(session.state).toEqual({ phase: 'signed-in', signedIn: { user: USER, organization: undefined } });
    expect(api.calls).toEqual([{ path: '/v1/auth/refresh', body: {}, authorization: undefined, credentials: 'same-origin' }]);
    expect((await me(session)).status).toBe(200);
    expect(api.calls.at(-1)).toMatchObject({ path: '/v1/me', authorization: 'Bearer access-1' });
    expect(window.sessionStorage.length + window.localStorage.length).toBe(0);
    expect(document.cookie).toBe('');
  });

  it('is signed out, with nothing to say, when a reloaded page has no live session', async () => {
    fakeApi({ cookie: false });
    const session = new Session();
    await session.restore();
    expect(session.state).toEqual({ phase: 'signed-out' });
  });

  it('refreshes once for calls that meet an expired access token together, and retries each with the new one', async () => {
    const api = fakeApi();
    const session = new Session();
    await session.logIn({ email: USER.email, password: 'secret-password' });
    expect(api.calls[0].body).toEqual({ email: USER.email, password: 'secret-password' });
    api.expireAccessToken();

    const replies = await Promise.all([me(session), me(session), me(session)]);

    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200]);
    expect(api.calls.filter((call) => call.path === '/v1/auth/refresh')).toEqual([{ path: '/v1/auth/refresh', body: {}, authorization: undefined, credentials: 'same-origin' }]);
  });

  it('ends cleanly when the refresh is refused: signed out with a sentence for the sign-in page', async () => {
    const api = fakeApi();
    const session = new Session();
    await session.restore();
    const seen: string[] = [];
    session.subscribe(() => seen.push(session.state.phase));
    api.endSession();

    const reply = await me(session);

    expect(reply.status).toBe(401);
    expect(session.state).toEqual({ phase: 'signed-out', notice: SESSION_ENDED_NOTICE });
    expect(seen).toEqual(['signed-out']);
  });

  it('logs out through the API by the cookie, and says nothing on the sign-in page after', async () => {
    const api = fakeApi();
    const session = new Session();
    await session.restore();

    await session.logOut();

    expect(api.calls.at(-1)).toEqual({ path: '/v1/auth/logout', body: {}, authorization: undefined, credentials: 'same-origin' });
    expect(session.state).toEqual({ phase: 'signed-out' });
    await session.restore();
    expect(session.state).toEqual({ phase: 'signed-out' });
  });

  it("takes a turn through the browser's lock to refresh, so two tabs never spend the same cookie", async () => {
    const api = fakeApi();
    const held: string[] = [];
    const locks = {
      request: async <T>(name: string, callback: () => Promise<T>): Promise<T> => {
        held.push(name);
        expect(api.calls.filter((call) => call.path === '/v1/auth/refresh')).toHaveLength(held.length - 1);
        return callback();
      },
    };
    const session = new Session(locks);
    await session.restore();
    expect(held).toEqual(['zagel.refresh']);
    expect(session.signedIn?.user.email).toBe(USER.email);
  });
});
