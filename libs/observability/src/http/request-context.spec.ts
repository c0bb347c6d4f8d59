import type { IncomingMessage, ServerResponse } from 'node:http';
import fastify from 'fastify';
import { currentCorrelation } from '../correlation-context';
import { installRequestContext, requestContextOf } from './request-context';

function fakeRequest(headers: Record<string, string | string[]> = {}): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

function fakeResponse(): ServerResponse & { headers: Record<string, unknown> } {
  const headers: Record<string, unknown> = {};
  return { headers, headersSent: false, setHeader: (name: string, value: unknown) => (headers[name] = value) } as never;
}

describe('requestContextOf', () => {
  it('takes both ids from the headers and echoes the request id', () => {
    const res = fakeResponse();

    const context = requestContextOf(fakeRequest({ 'x-request-id': 'r-1', 'x-correlation-id': 'c-1' }), res);

    expect(context).toEqual({ requestId: 'r-1', correlationId: 'c-1' });
    expect(res.headers).toEqual({ 'x-request-id': 'r-1' });
  });

  it('correlates by the request id when no sane correlation id came in', () => {
    const context = requestContextOf(fakeRequest({ 'x-correlation-id': 'not sane!' }));

    expect(context.correlationId).toBe(context.requestId);
    expect(context.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('creates the context once per request', () => {
    const req = fakeRequest();

    expect(requestContextOf(req)).toBe(requestContextOf(req));
  });
});

describe('installRequestContext', () => {
  it('runs each request of a plain Fastify server in its context, with Fastify using the same id', async () => {
    const server = fastify();
    installRequestContext(server);
    installRequestContext(server);
    server.post('/work', async (request) => ({ context: currentCorrelation(), fastifyId: request.id }));

    const response = await server.inject({
      method: 'POST',
      url: '/work',
      headers: { 'x-correlation-id': 'c-7', 'x-request-id': 'r-7' },
      payload: { any: 'body' },
    });

    expect(response.json()).toEqual({ context: { correlationId: 'c-7', requestId: 'r-7' }, fastifyId: 'r-7' });
    expect(response.headers['x-request-id']).toBe('r-7');
    await server.close();
  });
});
