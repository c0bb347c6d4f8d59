import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a fake provider received, as it arrived. */
export interface RecordedRequest {
  method: string;
  /** Path and query. */
  url: string;
  path: string;
  query: Record<string, string>;
  /** Lower-case names. */
  headers: Record<string, string>;
  rawBody: string;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  /** `json` (default), `xml` or `text`: how `body` goes on the wire. */
  type?: 'json' | 'xml' | 'text';
  headers?: Record<string, string>;
}

export type FakeRoute = (request: RecordedRequest) => FakeResponse | Promise<FakeResponse>;

/** A node:http server that records every request and answers through one route function. */
export class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  private server?: Server;
  private port = 0;

  constructor(private readonly route: FakeRoute) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.baseUrl);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      rawBody: Buffer.concat(chunks).toString('utf8'),
    };
    this.requests.push(recorded);
    let answer: FakeResponse;
    try {
      answer = await this.route(recorded);
    } catch (error) {
      answer = { status: 500, type: 'text', body: error instanceof Error ? error.message : String(error) };
    }
    const type = answer.type ?? 'json';
    const contentType = { json: 'application/json', xml: 'text/xml', text: 'text/plain' }[type];
    const payload =
      answer.body === undefined ? '' : type === 'json' ? JSON.stringify(answer.body) : String(answer.body as string);
    res.writeHead(answer.status, { 'content-type': contentType, ...answer.headers });
    res.end(payload);
  }
}

/** Scripted failures: the next N requests answer with this instead of success. */
export class FailureScript<F> {
  private readonly queue: F[] = [];

  failNext(count: number, failure: F): void {
    for (let i = 0; i < count; i += 1) this.queue.push(failure);
  }

  take(): F | undefined {
    return this.queue.shift();
  }
}

/** Parse a Basic Authorization header into its user and password. */
export function basicCredentials(header: string | undefined): { user: string; password: string } | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** POST a delivery report the way a provider does; returns the receiver's status code. */
export async function postReport(
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { method: 'POST', body, headers });
  return { status: response.status, text: await response.text() };
}

/** What a provider's webhook call was answered, as the provider sees it. */
export interface WebhookAnswer {
  status: number;
  contentType: string;
  text: string;
}

/** One webhook call as a provider makes it (its method, exact body and headers). */
export async function callWebhook(url: string, method: 'GET' | 'POST', body: string | undefined, headers: Record<string, string>): Promise<WebhookAnswer> {
  const response = await fetch(url, { method, headers, ...(method === 'POST' ? { body } : {}) });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}

/** What every fake provider shares: an HTTP server that records each request and answers through `route`. */
export abstract class FakeProviderServer {
  protected readonly http = new FakeHttpServer((request) => this.route(request));

  get baseUrl(): string {
    return this.http.baseUrl;
  }

  get requests(): RecordedRequest[] {
    return this.http.requests;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  protected abstract route(request: RecordedRequest): FakeResponse | Promise<FakeResponse>;
}
