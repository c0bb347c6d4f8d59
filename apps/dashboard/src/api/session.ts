import { ApiReply, PublicApiClient, Schema } from '@zagel/sdk';

export type SessionResponse = Schema<'SessionResponse'>;

/** Who is signed in, as the dashboard shows it. */
export interface SignedIn {
  user: Schema<'UserView'>;
  organization?: Schema<'OrganizationView'>;
}

/**
 * Where the session stands: `restoring` while a reloaded page asks the API (by the refresh cookie)
 * whether it is still signed in. `notice` says why a session ended by itself, for the sign-in page.
 */
export type SessionState =
  | { phase: 'restoring' }
  | { phase: 'signed-in'; signedIn: SignedIn }
  | { phase: 'signed-out'; notice?: string };

export const SESSION_ENDED_NOTICE = 'Your session has ended. Sign in again to carry on.';

/** Web Locks, where the browser has them: one refresh at a time across this browser's tabs. */
interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}
const REFRESH_LOCK = 'zagel.refresh';

/** The refresh cookie is httpOnly and scoped to /v1/auth: same-origin requests carry it, scripts never see it. */
const browserFetch = (url: string, init: RequestInit) => fetch(url, { ...init, credentials: 'same-origin' });

/**
 * The dashboard's session. The access token lives in memory only; the refresh token lives in an
 * httpOnly cookie the API sets on sign-in and refresh, so nothing a script could read holds it (see
 * docs/architecture.md). A reload restores the session by refreshing. A call answered 401 refreshes
 * once and is retried; concurrent refreshes share one request, and tabs take turns through a Web Lock,
 * because a refresh token works once and presenting a spent one ends the session.
 */
export class Session {
  readonly anonymous = new PublicApiClient({ baseUrl: window.location.origin, fetch: browserFetch });
  private accessToken?: string;
  private refreshing?: Promise<boolean>;
  private listeners = new Set<() => void>();
  state: SessionState = { phase: 'restoring' };

  constructor(private readonly locks: LockManagerLike | undefined = (navigator as { locks?: LockManagerLike }).locks) {}

  get signedIn(): SignedIn | undefined {
    return this.state.phase === 'signed-in' ? this.state.signedIn : undefined;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The API as the signed-in user. */
  get api(): PublicApiClient {
    return this.anonymous.as({ bearer: this.accessToken ?? '' });
  }

  /** On page load: signed in again if the refresh cookie still holds a live session, signed out (quietly) if not. */
  async restore(): Promise<void> {
    await this.refresh();
  }

  async register(body: Schema<'RegisterBody'>): Promise<ApiReply<SessionResponse>> {
    return this.adopt(await this.anonymous.post('/v1/auth/register', body));
  }

  async logIn(body: Schema<'LoginBody'>): Promise<ApiReply<SessionResponse>> {
    return this.adopt(await this.anonymous.post('/v1/auth/login', body));
  }

  /** Ends the session on the server (the cookie's token is revoked and the cookie cleared), then here. */
  async logOut(): Promise<void> {
    this.accessToken = undefined;
    try {
      await this.anonymous.post('/v1/auth/logout', {}, { idempotencyKey: null });
    } finally {
      this.become({ phase: 'signed-out' });
    }
  }

  /**
   * Calls the API as the user: with no access token yet or on a 401 (expired), refreshes by the
   * cookie and tries again; a refused refresh ends the session.
   */
  async call<T>(request: (api: PublicApiClient) => Promise<ApiReply<T>>): Promise<ApiReply<T>> {
    if (!this.accessToken && !(await this.refresh())) return request(this.anonymous);
    const reply = await request(this.api);
    if (reply.status !== 401 || !(await this.refresh())) return reply;
    return request(this.api);
  }

  /** The access token for a stream the SDK opens itself (campaign events), refreshed when missing. */
  async token(): Promise<string | undefined> {
    if (!this.accessToken) await this.refresh();
    return this.accessToken;
  }

  refresh(): Promise<boolean> {
    this.refreshing ??= this.trade().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async trade(): Promise<boolean> {
    const send = () => this.anonymous.post('/v1/auth/refresh', {}, { idempotencyKey: null });
    try {
      const reply = this.adopt(this.locks ? await this.locks.request(REFRESH_LOCK, send) : await send());
      if (!reply.ok) this.end();
      return reply.ok;
    } catch {
      this.end();
      return false;
    }
  }

  private adopt(reply: ApiReply<SessionResponse>): ApiReply<SessionResponse> {
    if (!reply.ok) return reply;
    const session = reply.body;
    this.accessToken = session.accessToken;
    this.become({ phase: 'signed-in', signedIn: { user: session.user, organization: session.organization ?? this.signedIn?.organization } });
    return reply;
  }

  /** A refused refresh: a live session ended by itself (expired, revoked), which the sign-in page says. */
  private end(): void {
    const wasSignedIn = this.state.phase === 'signed-in';
    this.accessToken = undefined;
    this.become(wasSignedIn ? { phase: 'signed-out', notice: SESSION_ENDED_NOTICE } : { phase: 'signed-out' });
  }

  private become(state: SessionState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}
