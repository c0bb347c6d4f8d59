import { ApiReply, PublicApiClient, Schema } from '@zagel/sdk';

export type SessionResponse = Schema<'SessionResponse'>;

/** Who is signed in, as the dashboard shows it. */
export interface SignedIn {
  user: Schema<'UserView'>;
  organization?: Schema<'OrganizationView'>;
}

/** The refresh token outlives a page reload in this tab only (sessionStorage), never across tabs or restarts. */
const REFRESH_KEY = 'zagel.refreshToken';
const USER_KEY = 'zagel.signedIn';

const browserFetch = (url: string, init: RequestInit) => fetch(url, init);

/**
 * The dashboard's session: the access token in memory only, the refresh token in this tab's
 * sessionStorage (the API answers tokens in JSON, so no httpOnly cookie is possible without changing
 * it; see docs/architecture.md). A call answered 401 refreshes once and is retried; concurrent
 * refreshes share one request, because a refresh token works once and reusing it ends the session.
 */
export class Session {
  readonly anonymous = new PublicApiClient({ baseUrl: window.location.origin, fetch: browserFetch });
  private accessToken?: string;
  private refreshing?: Promise<boolean>;
  private listeners = new Set<() => void>();
  signedIn?: SignedIn;

  constructor(private readonly storage: Storage = window.sessionStorage) {
    const saved = storage.getItem(USER_KEY);
    if (saved && storage.getItem(REFRESH_KEY)) this.signedIn = JSON.parse(saved) as SignedIn;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The API as the signed-in user; undefined until a token is at hand. */
  get api(): PublicApiClient {
    return this.anonymous.as({ bearer: this.accessToken ?? '' });
  }

  async register(body: Schema<'RegisterBody'>): Promise<ApiReply<SessionResponse>> {
    return this.adopt(await this.anonymous.post('/v1/auth/register', body));
  }

  async logIn(body: Schema<'LoginBody'>): Promise<ApiReply<SessionResponse>> {
    return this.adopt(await this.anonymous.post('/v1/auth/login', body));
  }

  async logOut(): Promise<void> {
    const refreshToken = this.storage.getItem(REFRESH_KEY);
    this.end();
    if (refreshToken) await this.anonymous.post('/v1/auth/logout', { refreshToken });
  }

  /**
   * Calls the API as the user: with no access token yet (after a reload) or on a 401 (expired),
   * trades the refresh token for new ones and tries again; a refused refresh ends the session.
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
    const refreshToken = this.storage.getItem(REFRESH_KEY);
    if (!refreshToken) return false;
    const reply = this.adopt(await this.anonymous.post('/v1/auth/refresh', { refreshToken }, { idempotencyKey: null }));
    if (!reply.ok) this.end();
    return reply.ok;
  }

  private adopt(reply: ApiReply<SessionResponse>): ApiReply<SessionResponse> {
    if (!reply.ok) return reply;
    const session = reply.body;
    this.accessToken = session.accessToken;
    this.signedIn = { user: session.user, organization: session.organization ?? this.signedIn?.organization };
    this.storage.setItem(REFRESH_KEY, session.refreshToken);
    this.storage.setItem(USER_KEY, JSON.stringify(this.signedIn));
    this.notify();
    return reply;
  }

  private end(): void {
    this.accessToken = undefined;
    this.signedIn = undefined;
    this.storage.removeItem(REFRESH_KEY);
    this.storage.removeItem(USER_KEY);
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
