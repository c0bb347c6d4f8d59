import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApiError } from './api-reply';
import { CampaignProgressEvent } from './campaign-progress';
import { PageItem } from './pagination';
import { PublicApiClient } from './public-api-client';
import { retryAfterMs } from './retry-policy';

type Answer = (request: IncomingMessage, response: ServerResponse, index: number) => void;

/** A real HTTP server on 127.0.0.1 that answers the n-th request with `answers[n]` (the last one after that). */
class ScriptedServer {
  readonly requests: IncomingMessage[] = [];
  readonly arrivedAt: number[] = [];
  private server?: Server;
  url = '';

  constructor(private readonly answers: Answer[]) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const index = this.requests.push(request) - 1;
      this.arrivedAt.push(Date.now());
      request.resume();
      request.on('end', () => this.answers[Math.min(index, this.answers.length - 1)](request, response, index));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Answer =>
  (_request, response) => {
    response.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };
const busy = (status: 429 | 503, retryAfter?: string) =>
  json(status, { status, code: status === 429 ? 'rate_limited' : 'live_capacity_exceeded' }, retryAfter === undefined ? {} : { 'retry-after': retryAfter });

const servers: ScriptedServer[] = [];
async function serve(...answers: Answer[]): Promise<{ server: ScriptedServer; api: PublicApiClient }> {
  const server = await new ScriptedServer(answers).start();
  servers.push(server);
  return { server, api: new PublicApiClient({ baseUrl: server.url, credential: { apiKey: 'zk_test' } }) };
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

describe('PublicApiClient retries over real HTTP', () => {
  it('waits the Retry-After seconds of a 503, then answers the retried GET', async () => {
    const { server, api } = await serve(busy(503, '1'), json(200, { available: 7 }));

    const reply = await api.get('/v1/billing/balance');

    expect(reply.body).toEqual({ available: 7 });
    expect(server.requests).toHaveLength(2);
    expect(server.arrivedAt[1] - server.arrivedAt[0]).toBeGreaterThanOrEqual(950);
  });

  it('honours a Retry-After HTTP date on a 429, and retries a POST under the same Idempotency-Key', async () => {
    const inASecond = new Date(Date.now() + 1_000).toUTCString();
    const { server, api } = await serve(busy(429, inASecond), json(201, { id: 'm1' }));

    const reply = await api.post('/v1/messages', { to: '+201001234567', body: 'hi' });

    expect(reply.status).toBe(201);
    expect(server.requests).toHaveLength(2);
    const keys = server.requests.map((request) => request.headers['idempotency-key']);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
  });

  it('never repeats a POST that carries no Idempotency-Key, nor a PATCH', async () => {
    const { server, api } = await serve(busy(503, '0'), json(201, {}));

    expect((await api.post('/v1/messages', { to: '+1', body: 'hi' }, { idempotencyKey: null })).status).toBe(503);
    expect((await api.patch('/v1/me', {})).status).toBe(201);
    expect(server.requests).toHaveLength(2);
  });

  it('stops after the policy’s tries and hands back the last refusal', async () => {
    const { server, api } = await serve(busy(429, '0'));

    const reply = await api.get('/v1/ping', { retry: { attempts: 4 } });

    expect(server.requests).toHaveLength(4);
    expect(reply.status).toBe(429);
    expect(() => reply.body).toThrow(ApiError);
    expect(reply.headers.get('retry-after')).toBe('0');
  });

  it('answers at once when Retry-After asks for longer than the client waits, when retries are off, and for other statuses', async () => {
    const { server, api } = await serve(busy(429, '120'), busy(503, '0'), json(500, { code: 'internal' }));

    expect((await api.get('/v1/ping')).status).toBe(429);
    expect((await api.get('/v1/ping', { retry: false })).status).toBe(503);
    expect((await api.get('/v1/ping')).status).toBe(500);
    expect(server.requests).toHaveLength(3);
  });

  it('backs off without a Retry-After, and a client-wide policy applies to clients made with as()', async () => {
    const server = await new ScriptedServer([busy(503), busy(503), json(200, { ok: true })]).start();
    servers.push(server);
    const api = new PublicApiClient({ baseUrl: server.url, retry: { baseDelayMs: 50 } }).as({ bearer: 'jwt' });

    expect((await api.get('/v1/ping')).status).toBe(200);
    expect(server.requests).toHaveLength(3);
    expect(server.requests[2].headers.authorization).toBe('Bearer jwt');
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-12-03T10:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3_000);
    expect(retryAfterMs('Thu, 03 Dec 2026 10:00:05 GMT', now)).toBe(5_000);
    expect(retryAfterMs('Thu, 03 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});

describe('PublicApiClient pagination', () => {
  it('follows nextCursor page after page, keeping the URL’s filters', async () => {
    const pages: Record<string, unknown> = {
      '': { items: [{ id: 'a' }, { id: 'b' }], nextCursor: 'c1' },
      c1: { items: [{ id: 'c' }], nextCursor: 'c/2' },
      'c/2': { items: [{ id: 'd' }] },
    };
    const { server, api } = await serve((request, response) => {
      const cursor = new URL(request.url!, 'http://x').searchParams.get('cursor') ?? '';
      json(200, pages[cursor])(request, response, 0);
    });

    const ids: string[] = [];
    for await (const message of api.paginate('/v1/messages?status=failed&limit=2')) {
      const typed: PageItem<'get', '/v1/messages'> = message;
      ids.push(typed.id);
    }

    expect(ids).toEqual(['a', 'b', 'c', 'd']);
    expect(server.requests.map((request) => request.url)).toEqual([
      '/v1/messages?status=failed&limit=2',
      '/v1/messages?status=failed&limit=2&cursor=c1',
      '/v1/messages?status=failed&limit=2&cursor=c%2F2',
    ]);
  });

  it('fetches a page only when the loop asks for it, and throws the problem of a failed page', async () => {
    const { server, api } = await serve(json(200, { items: [{ id: 'a' }], nextCursor: 'c1' }), json(403, { status: 403, code: 'forbidden' }));

    const pages = api.pages('/v1/templates');
    expect((await pages.next()).value).toEqual({ items: [{ id: 'a' }], nextCursor: 'c1' });
    expect(server.requests).toHaveLength(1);
    await expect(pages.next()).rejects.toThrow('answered 403 forbidden');
  });
});

describe('PublicApiClient campaign progress (SSE)', () => {
  const campaign = (status: string, sent: number) => ({ id: 'camp-1', status, counters: { sent } });
  const frame = (id: number, event: string, data: unknown) => `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

  it('types progress, status and end, and resumes a dropped stream after the last event seen', async () => {
    const { server, api } = await serve(
      (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('retry: 2000\n\n');
        response.write(frame(3, 'progress', campaign('running', 10)));
        response.write(frame(4, 'status', { status: 'paused', at: '2026-12-03T10:00:00.000Z' }));
        // The connection drops before the campaign ends.
        setTimeout(() => response.destroy(), 20);
      },
      (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write(frame(5, 'progress', campaign('completed', 12)));
        response.end(frame(5, 'end', campaign('completed', 12)));
      },
    );

    const seen: CampaignProgressEvent[] = [];
    for await (const event of api.campaignProgress('camp-1', { reconnectDelayMs: 10 })) seen.push(event);

    expect(seen.map((event) => event.event)).toEqual(['progress', 'status', 'progress', 'end']);
    expect(seen[1]).toEqual({ event: 'status', id: '4', status: 'paused', at: '2026-12-03T10:00:00.000Z' });
    expect(seen[3]).toMatchObject({ event: 'end', campaign: { status: 'completed', counters: { sent: 12 } } });
    expect(server.requests.map((request) => [request.url, request.headers['last-event-id'], request.headers.accept])).toEqual([
      ['/v1/campaigns/camp-1/events', undefined, 'text/event-stream'],
      ['/v1/campaigns/camp-1/events', '4', 'text/event-stream'],
    ]);
    expect(server.requests[0].headers['x-api-key']).toBe('zk_test');
  });

  it('throws the problem when the campaign cannot be watched, and gives up on a stream that keeps ending empty', async () => {
    const { api: missing } = await serve(json(404, { status: 404, code: 'campaign_not_found' }));
    await expect(missing.campaignProgress('nope').next()).rejects.toThrow('answered 404 campaign_not_found');

    const { server, api: empty } = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(': nothing\n\n');
    });
    await expect(empty.campaignProgress('camp-1', { reconnectDelayMs: 5, maxReconnects: 2 }).next()).rejects.toThrow('ended 3 times without an event');
    expect(server.requests).toHaveLength(3);
  });
});
