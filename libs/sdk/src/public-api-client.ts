import { ApiReply } from './api-reply';
import { readEventStream, ServerSentEvent } from './event-stream';
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

  constructor(options: PublicApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/$/, '');
    this.credential = options.credential;
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** The same API called with another credential. */
  as(credential: Credential): PublicApiClient {
    return new PublicApiClient({ baseUrl: this.baseUrl, credential, fetch: this.fetchImpl });
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
   * A Server-Sent Events stream (`GET /v1/campaigns/{id}/events`): its status and headers, and its
   * events as they arrive (none unless the status is 200). `lastEventId` resumes after that event.
   */
  async events<U extends ApiUrl<'get'>>(
    url: U,
    options: CallOptions & { lastEventId?: string } = {},
  ): Promise<{ status: number; headers: Headers; events: AsyncGenerator<ServerSentEvent> }> {
    const headers = { ...this.credentialHeaders(options), accept: 'text/event-stream', ...(options.lastEventId ? { 'last-event-id': options.lastEventId } : {}) };
    const response = await this.fetchImpl(`${this.baseUrl}${url}`, { method: 'GET', headers, signal: options.signal });
    const none = async function* (): AsyncGenerator<ServerSentEvent> {};
    const events = response.status === 200 && response.body ? readEventStream(response.body) : none();
    if (response.status !== 200) await response.body?.cancel();
    return { status: response.status, headers: response.headers, events };
  }

  /** Any call, untyped: paths outside the document, bodies the document refuses. */
  request(method: string, url: string, options: RawCallOptions = {}): Promise<ApiReply<unknown>> {
    return this.send(method.toUpperCase(), url, options);
  }

  private async send<T>(method: string, url: string, options: RawCallOptions = {}): Promise<ApiReply<T>> {
    const headers = this.credentialHeaders(options);
    // Node's fetch and the DOM's type a byte body differently; both take what rawBody holds.
    const payload = (options.form ?? options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body))) as RequestInit['body'];
    if (payload !== undefined && !options.form) headers['content-type'] = 'application/json';
    if (method === 'POST' && options.idempotencyKey !== null) headers['idempotency-key'] = options.idempotencyKey ?? crypto.randomUUID();
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
    const call = `${method} ${url}`;
    const response = await this.fetchImpl(`${this.baseUrl}${url}`, { method, headers, body: payload, signal: options.signal }).catch((error: unknown) => {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new Error(`${call}: cannot reach ${this.baseUrl} (${cause})`);
    });
    return new ApiReply<T>(call, response.status, response.headers, await response.text());
  }

  private credentialHeaders(options: CallOptions): Record<string, string> {
    const headers: Record<string, string> = {};
    const credential = options.as === undefined ? this.credential : options.as;
    if (credential && 'bearer' in credential) headers.authorization = `Bearer ${credential.bearer}`;
    if (credential && 'apiKey' in credential) headers['x-api-key'] = credential.apiKey;
    return headers;
  }
}
