import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { request as httpRequest, IncomingHttpHeaders } from 'node:http';
import { CapturedLogs, startObservedApp } from './observed-app';

/** Sends the headers, then, once the server has them (`headersArrived`), the JSON body in two writes, as a slow client would. */
function postSlowly(
  url: string,
  headers: Record<string, string>,
  payload: object,
  headersArrived: Promise<void>,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  const body = JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.flushHeaders();
    void headersArrived.then(() => {
      req.write(body.slice(0, 5), () => req.end(body.slice(5)));
    });
  });
}

// One app for the file: nestjs-pino keeps its out-of-request logger per process.
describe('request logging and correlation', () => {
  const logs = new CapturedLogs();
  let app: NestFastifyApplication;
  let url: string;
  /** Resolvers keyed by correlation id, called when the server has read that request's headers. */
  const headersWaiters = new Map<string, () => void>();

  beforeAll(async () => {
    const onRequestHeaders = (headers: IncomingHttpHeaders) => headersWaiters.get(String(headers['x-correlation-id']))?.();
    ({ app, url } = await startObservedApp({ logs, onRequestHeaders }));
  });

  afterAll(async () => {
    await app.close();
  });

  const linesFor = (correlationId: string) => logs.entries().filter((entry) => entry.correlationId === correlationId);

  it('runs a GET handler inside the correlation context of the request headers', async () => {
    const response = await fetch(`${url}/v1/echo`, {
      headers: { 'x-correlation-id': 'corr-get-1', 'x-request-id': 'req-get-1' },
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('req-get-1');
    expect(await response.json()).toEqual({ context: { correlationId: 'corr-get-1', requestId: 'req-get-1' } });
    const lines = linesFor('corr-get-1');
    expect(lines.map((line) => line.msg)).toEqual(['echo via PinoLogger', 'request completed']);
    expect(lines[0]).toMatchObject({ service: 'test-service', reqId: 'req-get-1', level: 'info' });
    expect(lines[1]).toMatchObject({ reqId: 'req-get-1', res: { statusCode: 200 } });
    expect(lines[1].instanceId).toEqual(expect.any(String));
  });

  it('keeps the context in a POST handler after the body is read', async () => {
    const response = await fetch(`${url}/v1/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-correlation-id': 'corr-post-1' },
      body: JSON.stringify({ note: 'x'.repeat(200_000) }),
    });

    expect(response.status).toBe(201);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({ context: { correlationId: 'corr-post-1', requestId } });
    const handlerLine = linesFor('corr-post-1').find((line) => line.context === 'EchoController');
    expect(handlerLine).toMatchObject({ reqId: requestId });
  });

  it('keeps the context when the body arrives well after the headers', async () => {
    const headersArrived = new Promise<void>((resolve) => headersWaiters.set('corr-slow-1', resolve));
    const { status, headers, body } = await postSlowly(
      `${url}/v1/echo`,
      { 'x-correlation-id': 'corr-slow-1' },
      { note: 'slow' },
      headersArrived,
    );

    expect(status).toBe(201);
    expect(JSON.parse(body)).toEqual({ context: { correlationId: 'corr-slow-1', requestId: headers['x-request-id'] } });
    expect(linesFor('corr-slow-1').find((line) => line.context === 'EchoController')).toMatchObject({
      reqId: headers['x-request-id'],
      msg: 'echo body via Nest Logger: slow',
    });
  });

  it('uses the request id as correlation id and replaces ids that are not sane', async () => {
    const response = await fetch(`${url}/v1/echo`, {
      headers: { 'x-request-id': 'bad id\twith spaces', 'x-correlation-id': '{"inject":1}' },
    });

    const requestId = response.headers.get('x-request-id') ?? '';
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toEqual({ context: { correlationId: requestId, requestId } });
    expect(linesFor(requestId)).toHaveLength(2);
  });

  it('never writes credentials from headers', async () => {
    await fetch(`${url}/v1/echo`, {
      headers: {
        authorization: 'Bearer super-secret-jwt-value',
        'x-api-key': 'zk_live_secret_api_key',
        cookie: 'session=secret-cookie-value',
        'x-correlation-id': 'corr-secret-1',
      },
    });

    const completed = linesFor('corr-secret-1').find((line) => line.msg === 'request completed');
    expect(completed).toMatchObject({
      req: { headers: { authorization: '[redacted]', 'x-api-key': '[redacted]', cookie: '[redacted]' } },
    });
    expect(logs.text()).not.toContain('super-secret-jwt-value');
    expect(logs.text()).not.toContain('zk_live_secret_api_key');
    expect(logs.text()).not.toContain('secret-cookie-value');
  });

  it('logs client and server errors above info', async () => {
    await fetch(`${url}/v1/missing`, { headers: { 'x-correlation-id': 'corr-404' } });

    expect(linesFor('corr-404')).toEqual([expect.objectContaining({ level: 'warn', res: { statusCode: 404, headers: expect.any(Object) } })]);
  });

  it("moves Nest's per-module and per-route start-up lines to debug", () => {
    const boot = logs.entries().filter((entry) => ['InstanceLoader', 'RoutesResolver', 'RouterExplorer'].includes(entry.context as string));

    expect(boot.length).toBeGreaterThan(3);
    expect(boot.every((entry) => entry.level === 'debug')).toBe(true);
    expect(logs.entries()).toContainEqual(expect.objectContaining({ context: 'NestApplication', level: 'info' }));
  });

  it('does not log health and metrics polls', async () => {
    await fetch(`${url}/health`, { headers: { 'x-correlation-id': 'corr-health' } });
    await fetch(`${url}/health/ready`, { headers: { 'x-correlation-id': 'corr-health' } });
    await fetch(`${url}/metrics`, { headers: { 'x-correlation-id': 'corr-health' } });

    expect(linesFor('corr-health')).toEqual([]);
  });
});
