import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ReadinessChecks } from '@zagel/observability';
import { CapturedLogs, startObservedApp } from './observed-app';

describe('health endpoints', () => {
  let app: NestFastifyApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function start(...args: Parameters<typeof startObservedApp>): Promise<string> {
    const started = await startObservedApp(...args);
    app = started.app;
    return started.url.replace('[::1]', '127.0.0.1');
  }

  it('answers liveness with 200 outside the /v1 prefix, whatever the dependencies say', async () => {
    const url = await start({ checks: [{ name: 'postgres', isUp: async () => false }] });

    const live = await fetch(`${url}/health`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${url}/v1/health`)).status).toBe(404);
  });

  it('is ready when every check passes', async () => {
    const url = await start({
      checks: [
        { name: 'postgres', isUp: async () => true },
        { name: 'redis', isUp: async () => true },
      ],
    });

    const ready = await fetch(`${url}/health/ready`);

    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; info: Record<string, { status: string }> };
    expect(body.status).toBe('ok');
    expect(body.info.postgres.status).toBe('up');
    expect(body.info.redis.status).toBe('up');
  });

  it('answers 503 naming the failing, throwing and hanging checks', async () => {
    const logs = new CapturedLogs();
    const url = await start({
      logs,
      checks: [
        { name: 'postgres', isUp: async () => true },
        { name: 'redis', isUp: async () => false },
        { name: 'rabbitmq', isUp: () => Promise.reject(new Error('ECONNREFUSED 127.0.0.1:5672')) },
        { name: 'slow', isUp: () => new Promise<boolean>(() => undefined) },
      ],
    });

    const started = Date.now();
    const ready = await fetch(`${url}/health/ready`);

    expect(Date.now() - started).toBeLessThan(10_000); // the slow check would hang for ever; the margin is for a loaded machine
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { status: string; error: Record<string, { status: string; reason: string }> };
    expect(body.status).toBe('error');
    expect(Object.keys(body.error).sort()).toEqual(['rabbitmq', 'redis', 'slow']);
    expect(body.error.redis.reason).toBe('down');
    expect(body.error.rabbitmq.reason).toBe('error');
    expect(body.error.slow.reason).toBe('timeout');
    expect(JSON.stringify(body)).not.toContain('ECONNREFUSED');
    // The cause goes to the log, once per change rather than once per poll.
    await fetch(`${url}/health/ready`);
    const warnings = logs.entries().filter((entry) => entry.context === 'Readiness');
    expect(warnings).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: 'failing readiness checks: redis (down), rabbitmq (error), slow (timeout)',
        errors: { rabbitmq: 'Error: ECONNREFUSED 127.0.0.1:5672' },
      }),
    ]);
  });

  it('takes checks added by other modules, and non-critical ones never make it unready', async () => {
    @Injectable()
    class ServicePings implements OnModuleInit {
      constructor(private readonly readiness: ReadinessChecks) {}

      onModuleInit(): void {
        this.readiness.add(
          { name: 'billing', critical: false, isUp: async () => false },
          { name: 'otp', critical: false, isUp: async () => true },
        );
      }
    }
    @Module({ providers: [ServicePings] })
    class GatewayPingsModule {}

    const url = await start({
      checks: [{ name: 'redis', isUp: async () => true }],
      extraImports: [GatewayPingsModule],
    });

    const ready = await fetch(`${url}/health/ready`);

    expect(ready.status).toBe(200);
    const body = (await ready.json()) as {
      status: string;
      info: Record<string, unknown>;
      details: Record<string, { status: string; critical?: boolean }>;
    };
    expect(body.status).toBe('ok');
    expect(Object.keys(body.info).sort()).toEqual(['otp', 'redis']);
    expect(body.details.billing).toMatchObject({ status: 'down', critical: false });
    expect(body.details.otp).toMatchObject({ status: 'up', critical: false });
  });
});
