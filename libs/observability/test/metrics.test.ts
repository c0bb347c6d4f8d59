import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Counter, register } from 'prom-client';
import { startObservedApp } from './observed-app';

/** The value of the sample `name` whose labels include `labels`, from Prometheus text. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...match[2].matchAll(/(\w+)="([^"]*)"/g)].map((pair) => [pair[1], pair[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  let app: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    ({ app, url } = await startObservedApp());
  });

  afterAll(async () => {
    await app.close();
  });

  it('serves the Prometheus text format outside the /v1 prefix', async () => {
    const response = await fetch(`${url}/metrics`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(register.contentType);
    const text = await response.text();
    expect(sample(text, 'process_cpu_user_seconds_total', { service: 'test-service' })).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_eventloop_lag_seconds', { service: 'test-service' })).toEqual(expect.any(Number));
    expect((await fetch(`${url}/v1/metrics`)).status).toBe(404);
  });

  it('times requests by method, route pattern and status', async () => {
    await fetch(`${url}/v1/echo`);
    await fetch(`${url}/v1/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await fetch(`${url}/v1/no-such-route/42`, { method: 'DELETE' });

    const text = await (await fetch(`${url}/metrics`)).text();

    expect(text).toContain('# TYPE zagel_http_request_duration_seconds histogram');
    const count = (labels: Record<string, string>) =>
      sample(text, 'zagel_http_request_duration_seconds_count', { service: 'test-service', ...labels });
    expect(count({ method: 'GET', route: '/v1/echo', status: '200' })).toBe(1);
    expect(count({ method: 'POST', route: '/v1/echo', status: '201' })).toBe(1);
    expect(count({ method: 'DELETE', route: 'unmatched', status: '404' })).toBe(1);
    const fastBucket = { le: '0.005', method: 'GET', route: '/v1/echo', status: '200' };
    expect(sample(text, 'zagel_http_request_duration_seconds_bucket', fastBucket)).toEqual(expect.any(Number));
    expect(text).not.toContain('no-such-route');
  });

  it('includes metrics other code registers on the default registry', async () => {
    new Counter({ name: 'zagel_test_widgets_total', help: 'widgets' }).inc(3);

    const text = await (await fetch(`${url}/metrics`)).text();

    expect(sample(text, 'zagel_test_widgets_total', { service: 'test-service' })).toBe(3);
  });
});
