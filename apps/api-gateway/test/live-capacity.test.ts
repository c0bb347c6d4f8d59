import { CheckVerification, StartVerification } from '@zagel/contracts';
import { PublicApiClient } from '@zagel/sdk';
import { loadServiceSettings, RunningService, startService } from '@zagel/service';
import { TestPlatform, until } from '@zagel/testing';
import { apiGatewayApp } from '../src/api-gateway.app';
import { ApiGatewayConfig } from '../src/config';
import { FakeAuth } from './edge-support/fake-auth';

/**
 * The cap on live requests in flight, with a gateway in this process capped at two: a stand-in for otp
 * holds the starts it receives until the test lets them go, so the test knows exactly what is in flight.
 */
const platform = new TestPlatform({ services: [] });
let auth: FakeAuth;
let gateway: RunningService<ApiGatewayConfig>;
let apiKey: string;
const held: Array<() => void> = [];

beforeAll(async () => {
  await platform.start();
  auth = await FakeAuth.start(platform);
  await platform.probe({
    service: 'otp',
    plays: (bus) => {
      bus.rpc.handle(StartVerification, async () => {
        await new Promise<void>((resolve) => held.push(resolve));
        throw Object.assign(new Error('held, then not found'), { code: 'verification_not_found' });
      });
      // What otp answers when the bus refused its publish to a full live queue.
      bus.rpc.handle(CheckVerification, () => {
        throw Object.assign(new Error('the live lane is full'), { code: 'live_lane_full', details: { retryAfterSeconds: 1 } });
      });
    },
  });
  const settings = loadServiceSettings(apiGatewayApp, { ...platform.env, PORT: '0', GATEWAY_LIVE_MAX_IN_FLIGHT: '2' });
  gateway = await startService(apiGatewayApp, settings, '127.0.0.1');
  apiKey = auth.addApiKey(['verify']).key;
}, 60_000);

afterAll(async () => {
  for (const release of held.splice(0)) release();
  await gateway?.app.close();
  await platform.stop();
});

const api = () => new PublicApiClient({ baseUrl: gateway.url }).as({ apiKey });
const start = () => api().request('POST', '/v1/verifications', { body: { to: '+201001234567' }, idempotencyKey: null });

describe('live requests in flight past GATEWAY_LIVE_MAX_IN_FLIGHT', () => {
  it('are refused at once with 503 live_capacity_exceeded and Retry-After, and admitted again once a slot frees', async () => {
    const first = [start(), start()];
    await until(() => held.length === 2, { what: 'otp to hold both starts', deadline: 10_000 });

    // Answered while both slots are still held, without reaching otp: refused at once, not queued.
    const refused = await start();
    expect(held).toHaveLength(2);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.json).toMatchObject({ code: 'live_capacity_exceeded', status: 503, instance: '/v1/verifications' });

    // Other routes are not live traffic: they are served while the live lane is full.
    expect((await api().request('GET', '/v1/ping', {})).status).toBe(200);

    for (const release of held.splice(0)) release();
    expect((await Promise.all(first)).map((reply) => reply.status)).toEqual([404, 404]);
    const next = start();
    await until(() => held.length === 1, { what: 'otp to receive the next start', deadline: 10_000 });
    for (const release of held.splice(0)) release();
    expect((await next).status).toBe(404);
  });

  it('answers 503 live_lane_full with Retry-After when the bus refused a publish to a full live queue', async () => {
    const refused = await api().request('POST', '/v1/verifications/check', { body: { verificationId: '0190a8f2-7e59-7c4a-b54e-4f2a3c1d9e01', code: '123456' }, idempotencyKey: null });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.json).toMatchObject({ code: 'live_lane_full' });
  });
});
