import { spawnSync } from 'node:child_process';
import { SERVICE_NAMES } from '@zagel/config';
import { serviceEntry, TestPlatform } from '@zagel/testing';

const platform = new TestPlatform();
const test = platform.namespace;

beforeAll(() => platform.start(), 180_000);
afterAll(() => platform.stop(), 60_000);

describe('the eight apps as processes', () => {
  it('api-gateway readiness pings every service over the bus and reports each round trip', async () => {
    const response = await fetch(`${platform.url('api-gateway')}/health/ready`);
    const body = (await response.json()) as { status: string; details: Record<string, { status: string; durationMs: number }> };

    expect(response.status).toBe(200);
    expect(body.status).toBe('ok');
    for (const service of SERVICE_NAMES) {
      expect(body.details[service]).toMatchObject({ status: 'up' });
      expect(body.details[service].durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(body.details).toMatchObject({ redis: { status: 'up' }, rabbitmq: { status: 'up' } });
  });

  it('api-gateway publishes its OpenAPI document with both auth schemes at /docs-json and the UI at /docs', async () => {
    const gateway = platform.url('api-gateway');
    const document = (await (await fetch(`${gateway}/docs-json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { securitySchemes: Record<string, { type: string; scheme?: string; name?: string }> };
    };

    expect(document.openapi).toMatch(/^3\./);
    expect(document.components.securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      apiKey: expect.objectContaining({ type: 'apiKey', name: 'X-API-Key' }),
    });
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health', '/health/ready', '/metrics']));
    const ui = await fetch(`${gateway}/docs`);
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toContain('text/html');
  });

  it.each(SERVICE_NAMES)('%s serves /health, /health/ready and /metrics', async (service) => {
    const base = platform.url(service);
    expect((await fetch(`${base}/health`)).status).toBe(200);

    const ready = (await (await fetch(`${base}/health/ready`)).json()) as { details: Record<string, unknown> };
    expect(Object.keys(ready.details)).toEqual(expect.arrayContaining(['redis', 'rabbitmq']));

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('process_cpu_seconds_total');
    expect(metrics).toContain(`service="${service}"`);
  });

  it('reports a stopped service as down within the deadline, without failing gateway readiness', async () => {
    await platform.instance('ingestion').stop();
    const started = Date.now();
    const response = await fetch(`${platform.url('api-gateway')}/health/ready`);
    const body = (await response.json()) as { details: Record<string, { status: string }> };

    // Answered by the ping deadline, far sooner than a bus RPC's default timeout; the margin is for a loaded machine.
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(response.status).toBe(200);
    expect(body.details.ingestion.status).toBe('down');
    expect(body.details.billing.status).toBe('up');
  });
});

describe('a service started with a bad setting', () => {
  it('stops at once with one line naming the variable, not its value', () => {
    const run = spawnSync(process.execPath, [serviceEntry('billing')], {
      env: { ...process.env, ...test.env, RABBITMQ_URL: 'http://secret-host', BUS_PREFETCH: 'lots' },
      encoding: 'utf8',
      timeout: 120_000,
    });

    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('billing: invalid configuration');
    expect(lines[0]).toContain('RABBITMQ_URL');
    expect(lines[0]).toContain('BUS_PREFETCH');
    expect(lines[0]).not.toContain('secret-host');
  }, 150_000);
});

describe('node main.js migrate', () => {
  it('applies the service schema and exits', () => {
    const run = spawnSync(process.execPath, [serviceEntry('otp'), 'migrate'], {
      env: { ...process.env, ...test.env },
      encoding: 'utf8',
      timeout: 120_000,
    });

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/otp: \d+ migration\(s\) applied/);
  }, 150_000);
});
