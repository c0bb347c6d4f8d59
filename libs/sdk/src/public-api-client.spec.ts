import { ApiError } from './api-reply';
import { FetchLike, PublicApiClient } from './public-api-client';

interface Sent {
  url: string;
  method?: string;
  headers: Record<string, string>;
  body?: unknown;
}

function recording(status = 200, body: unknown = { ok: true }, contentType = 'application/json'): { fetch: FetchLike; sent: Sent[] } {
  const sent: Sent[] = [];
  const fetch: FetchLike = (url, init) => {
    sent.push({ url, method: init.method, headers: init.headers as Record<string, string>, body: init.body });
    return Promise.resolve(new Response(body === null ? null : JSON.stringify(body), { status, headers: { 'content-type': contentType } }));
  };
  return { fetch, sent };
}

describe('PublicApiClient', () => {
  it('sends JSON with a fresh Idempotency-Key on every POST, and the credential it acts with', async () => {
    const { fetch, sent } = recording(201, { id: 'v1' });
    const api = new PublicApiClient({ baseUrl: 'http://zagel.test/', fetch }).as({ apiKey: 'zk_live_x' });

    await api.post('/v1/verifications', { to: '+201001234567' });
    await api.post('/v1/verifications', { to: '+201001234567' });

    expect(sent.map((request) => request.url)).toEqual(['http://zagel.test/v1/verifications', 'http://zagel.test/v1/verifications']);
    expect(sent[0].headers).toMatchObject({ 'content-type': 'application/json', 'x-api-key': 'zk_live_x' });
    expect(sent[0].headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[1].headers['idempotency-key']).not.toBe(sent[0].headers['idempotency-key']);
    expect(JSON.parse(sent[0].body as string)).toEqual({ to: '+201001234567' });
  });

  it('takes a given Idempotency-Key or none, a bearer per call, and sends no key on GET', async () => {
    const { fetch, sent } = recording();
    const api = new PublicApiClient({ baseUrl: 'http://zagel.test', fetch, credential: { apiKey: 'zk_live_x' } });

    await api.post('/v1/messages', { to: '+1', body: 'hi' }, { idempotencyKey: 'order-7' });
    await api.post('/v1/messages', { to: '+1', body: 'hi' }, { idempotencyKey: null, as: { bearer: 'jwt' } });
    await api.get('/v1/billing/balance', { as: null });

    expect(sent[0].headers['idempotency-key']).toBe('order-7');
    expect(sent[1].headers).not.toHaveProperty('idempotency-key');
    expect(sent[1].headers).toMatchObject({ authorization: 'Bearer jwt' });
    expect(sent[1].headers).not.toHaveProperty('x-api-key');
    expect(sent[2].headers).toEqual({});
  });

  it('answers the typed body of a success, and the problem (with status, code and headers) of a failure', async () => {
    const success = new PublicApiClient({ baseUrl: 'http://zagel.test', fetch: recording(200, { available: 5 }).fetch });
    expect((await success.get('/v1/billing/balance')).body).toEqual({ available: 5 });

    const refusal = { type: 'https://zagel.dev/problems/insufficient_funds', title: 'Insufficient funds', status: 402, code: 'insufficient_funds', shortfall: 2 };
    const failing = new PublicApiClient({ baseUrl: 'http://zagel.test', fetch: recording(402, refusal, 'application/problem+json').fetch });
    const reply = await failing.post('/v1/verifications', { to: '+1' });

    expect(reply.ok).toBe(false);
    expect(reply.problem).toMatchObject({ code: 'insufficient_funds', shortfall: 2 });
    expect(reply.headers.get('content-type')).toBe('application/problem+json');
    expect(() => reply.body).toThrow(ApiError);
    expect(() => reply.body).toThrow('POST /v1/verifications answered 402 insufficient_funds');
    expect(() => reply.expectStatus(201)).toThrow('(expected 201)');
  });

  it('reads an empty answer as no body', async () => {
    const api = new PublicApiClient({ baseUrl: 'http://zagel.test', fetch: recording(204, null).fetch });
    const reply = await api.delete('/v1/api-keys/k1');
    expect(reply.status).toBe(204);
    expect(reply.body).toBeUndefined();
  });
});
