import { ApiReply } from './api-reply';
import { CampaignProgressEvent, campaignProgressEvent } from './campaign-progress';
import { readEventStream, ServerSentEvent } from './event-stream';
import { asCursorPage, CursorPage, PageItem, withCursor } from './pagination';
import { mayRetry, resolveRetryPolicy, RetryPolicy, retryDelayMs, sleep } from './retry-policy';
import { ApiMethod, ApiUrl, RequestBody, SuccessBody } from './typed-paths';

/** Who calls: a dashboard user's access token, or an app's API key. */
export type Credential = { bearer: string } | { apiKey: string };

export interface CallOptions {
  /** Overrides the client's credential for this call; `null` calls anonymously. */
  as?: Credential | null;
  headers?: Record<string, string>;
  /** POSTs carry a fresh random key unless one is given here; `null` sends none. */
  idempotencyKey?: string | null;
  signal?: AbortSignal;
  /** This call's retries on 429/503 over the client's; `false` answers the first refusal as is. */
  retry?: Partial<RetryPolicy> | false;
}

export interface RawCallOptions extends CallOptions {
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is (malformed JSON, oversize bodies), as application/json unless `headers` name another type. */
  rawBody?: string | Uint8Array;
  /** Sent as multipart/form-data (fetch writes the boundary; a file part given as a Blob from disk is streamed). */
  form?: FormData;
}

/** What the client needs of fetch: the global one fits, and so does one over a socket pool of one's own. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface PublicApiClientOptions {
  /** e.g. `http://127.0.0.1:3000` */
  baseUrl: string;
  credential?: Credential;
  /** Default: the global fetch. */
  fetch?: FetchLike;
  /**
   * Retries of a 429 or 503 after the `Retry-After` it names (seconds or an HTTP date), only for
   * idempotent methods and POSTs that carry an Idempotency-Key. Default: 3 tries, waits up to 30 s;
   * `false`: none.
   */
  retry?: Partial<RetryPolicy> | false;
}

export interface CampaignProgressOptions extends Omit<CallOptions, 'idempotencyKey' | 'retry'> {
  /** Resume after this event (the `id` of the last one handled). */
  lastEventId?: string;
  /** The wait before reopening a dropped stream. Default 2 s (the server's `retry:`). */
  reconnectDelayMs?: number;
  /** Reopenings in a row that bring no event before giving up. Default 5. */
  maxReconnects?: number;
}

type BodyArguments<M extends ApiMethod, U extends string> = [RequestBody<M, U>] extends [never]
  ? [body?: undefined, options?: CallOptions]
  : [body: RequestBody<M, U>, options?: CallOptions];

/**
 * Zagel's public REST API, typed from its OpenAPI document (`npm run openapi:types` regenerates
 * `generated/public-api.ts`): `api.get(`/v1/messages/${id}`)` answers an ApiReply whose `body` is a
 * `MessageResponse`. Never throws for an HTTP status: `reply.body` does, `reply.status`,
 * `reply.problem` and `reply.headers` are there for callers that check failures.
 */
export class PublicApiClient {
  readonly baseUrl: string;
  private readonly credential?: Credential;
  private readonly fetchImpl: FetchLike;
  private readonly retry?: Partial<RetryPolicy> | false;

  constructor(options: PublicApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/$/, '');
    this.credential = options.credential;
    this.fetchImpl = options.fetch ?? fetch;
    this.retry = options.retry;
  }

  /** The same API called with another credential. */
  as(credential: Credential): PublicApiClient {
    return new PublicApiClient({ baseUrl: this.baseUrl, credential, fetch: this.fetchImpl, retry: this.retry });
  }

  get<U extends ApiUrl<'get'>>(url: U, options?: CallOptions): Promise<ApiReply<SuccessBody<'get', U>>> {
    return this.send('GET', url, options);
  }

  delete<U extends ApiUrl<'delete'>>(url: U, options?: CallOptions): Promise<ApiReply<SuccessBody<'delete', U>>> {
    return this.send('DELETE', url, options);
  }

  post<U extends ApiUrl<'post'>>(url: U, ...[body, options]: BodyArguments<'post', U>): Promise<ApiReply<SuccessBody<'post', U>>> {
    return this.send('POST', url, { ...options, body });
  }

  put<U extends ApiUrl<'put'>>(url: U, ...[body, options]: BodyArguments<'put', U>): Promise<ApiReply<SuccessBody<'put', U>>> {
    return this.send('PUT', url, { ...options, body });
  }

  patch<U extends ApiUrl<'patch'>>(url: U, ...[body, options]: BodyArguments<'patch', U>): Promise<ApiReply<SuccessBody<'patch', U>>> {
    return this.send('PATCH', url, { ...options, body });
  }

  /** A multipart form (a campaign upload); a file from `fs.openAsBlob` is streamed from disk, never read whole. */
  postForm<U extends ApiUrl<'post'>>(url: U, form: FormData, options?: CallOptions): Promise<ApiReply<SuccessBody<'post', U>>> {
    return this.send('POST', url, { ...options, form });
  }

  /**
   * Every page of a cursor-paginated list (`GET /v1/messages?status=failed`), fetched one at a time
   * as the loop asks for it; filters in the URL are kept on every page.
   */
  pages<U extends ApiUrl<'get'>>(url: U, options?: CallOptions): AsyncGenerator<CursorPage<PageItem<'get', U>>> {
    return this.pagesOf<PageItem<'get', U>>(url, options);
  }

  /** Every item of a cursor-paginated list, page after page: `for await (const message of api.paginate('/v1/messages'))`. */
  async *paginate<U extends ApiUrl<'get'>>(url: U, options?: CallOptions): AsyncGenerator<PageItem<'get', U>> {
    for await (const page of this.pagesOf<PageItem<'get', U>>(url, options)) yield* page.items;
  }

  /**
   * A Server-Sent Events stream (`GET /v1/campaigns/{id}/events`): its status and headers, and its
   * events as they arrive (none unless the status is 200). `lastEventId` resumes after that event.
   */
  async events<U extends ApiUrl<'get'>>(
    url: U,
    options: CallOptions & { lastEventId?: string } = {},
  ): Promise<{ status: number; headers: Headers; events: AsyncGenerator<ServerSentEvent> }> {
    const response = await this.openEventStream(url, options);
    const none = async function* (): AsyncGenerator<ServerSentEvent> {};
    const events = response.status === 200 && response.body ? readEventStream(response.body) : none();
    if (response.status !== 200) await response.body?.cancel();
    return { status: response.status, headers: response.headers, events };
  }

  /**
   * A campaign's live progress, typed, until its `end` event: a dropped stream is reopened after the
   * last event seen (Last-Event-ID), so none is lost or repeated. Throws ApiError when the campaign
   * cannot be watched (404 for another organization's id).
   */
  async *campaignProgress(campaignId: string, options: CampaignProgressOptions = {}): AsyncGenerator<CampaignProgressEvent> {
    const url = `/v1/campaigns/${encodeURIComponent(campaignId)}/events` as const;
    let lastEventId = options.lastEventId;
    for (let quietReopenings = 0; ; quietReopenings += 1) {
      const response = await this.openEventStream(url, { ...options, lastEventId });
      if (response.status !== 200 || !response.body) {
        // Throws ApiError with the problem the server answered (404 for a campaign of another organization).
        new ApiReply(`GET ${url}`, response.status, response.headers, await response.text()).expectStatus(200);
        return;
      }
      try {
        for await (const event of readEventStream(response.body)) {
          const typed = campaignProgressEvent(event);
          if (!typed) continue;
          quietReopenings = 0;
          lastEventId = event.id ?? lastEventId;
          yield typed;
          if (typed.event === 'end') return;
        }
      } catch (error) {
        // A connection that drops mid-stream is reopened below; the caller's abort is not.
        if (options.signal?.aborted) throw error;
      }
      if (quietReopenings >= (options.maxReconnects ?? 5)) throw new Error(`GET ${url}: the stream ended ${quietReopenings + 1} times without an event`);
      await sleep(options.reconnectDelayMs ?? 2_000, options.signal);
    }
  }

  /** Any call, untyped: paths outside the document, bodies the document refuses. */
  request(method: string, url: string, options: RawCallOptions = {}): Promise<ApiReply<unknown>> {
    return this.send(method.toUpperCase(), url, options);
  }

  private async *pagesOf<Item>(url: string, options?: CallOptions): AsyncGenerator<CursorPage<Item>> {
    let cursor: string | undefined;
    do {
      const reply = await this.send<unknown>('GET', withCursor(url, cursor), options);
      const page = asCursorPage<Item>(reply.call, reply.body);
      yield page;
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  }

  private async send<T>(method: string, url: string, options: RawCallOptions = {}): Promise<ApiReply<T>> {
    const headers = this.credentialHeaders(options);
    // Node's fetch and the DOM's type a byte body differently; both take what rawBody holds.
    const payload = (options.form ?? options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body))) as RequestInit['body'];
    if (payload !== undefined && !options.form) headers['content-type'] = 'application/json';
    if (method === 'POST' && options.idempotencyKey !== null) headers['idempotency-key'] = options.idempotencyKey ?? crypto.randomUUID();
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
    const call = `${method} ${url}`;
    const policy = resolveRetryPolicy(this.retry, mayRetry(method, headers) ? options.retry : false);
    for (let attempt = 1; ; attempt += 1) {
      const response = await this.fetchImpl(`${this.baseUrl}${url}`, { method, headers, body: payload, signal: options.signal }).catch((error: unknown) => {
        const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
        throw new Error(`${call}: cannot reach ${this.baseUrl} (${cause})`);
      });
      const delay = retryDelayMs(response, attempt, policy);
      if (delay === undefined) return new ApiReply<T>(call, response.status, response.headers, await response.text());
      await response.body?.cancel();
      await sleep(delay, options.signal);
    }
  }

  private openEventStream(url: string, options: CallOptions & { lastEventId?: string }): Promise<Response> {
    const headers: Record<string, string> = { ...this.credentialHeaders(options), accept: 'text/event-stream' };
    if (options.lastEventId) headers['last-event-id'] = options.lastEventId;
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
    return this.fetchImpl(`${this.baseUrl}${url}`, { method: 'GET', headers, signal: options.signal });
  }

  private credentialHeaders(options: CallOptions): Record<string, string> {
    const headers: Record<string, string> = {};
    const credential = options.as === undefined ? this.credential : options.as;
    if (credential && 'bearer' in credential) headers.authorization = `Bearer ${credential.bearer}`;
    if (credential && 'apiKey' in credential) headers['x-api-key'] = credential.apiKey;
    return headers;
  }
}
