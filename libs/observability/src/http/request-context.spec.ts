import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestContextOf } from './request-context';

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
