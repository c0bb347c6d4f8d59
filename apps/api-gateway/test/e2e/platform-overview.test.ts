import { generateMobileNumber } from '@zagel/device-simulator';
import { PublicApiClient } from '@zagel/sdk';
import { expectProblem, TestPlatform, until } from '@zagel/testing';

// GET /v1/admin/platform against the gateway, auth, billing and ingestion: the queues the running
// services declared, read from the broker, and the messages a customer sends showing in the rate.

const platform = new TestPlatform({ services: ['auth', 'billing', 'ingestion', 'api-gateway'] });
const SENT = 3;
let operator: PublicApiClient;

beforeAll(async () => {
  await platform.start();
  operator = await platform.asOperator();
}, 180_000);

afterAll(() => platform.stop(), 60_000);

describe('GET /v1/admin/platform', () => {
  it("answers an operator the platform's queues with depth and consumers, and the messages accepted per second", async () => {
    const customer = await platform.customer({ credit: 1_000 });
    const to = await generateMobileNumber('EG', 'Vodafone');
    for (let index = 0; index < SENT; index += 1) {
      (await customer.app.post('/v1/messages', { to, body: `Rate check ${index}`, type: 'promotional' })).expectStatus(202);
    }

    // The rate counts whole buckets already flushed by ingestion (once a second): a few seconds after the sends.
    const overview = await until(
      async () => {
        const reply = (await operator.get('/v1/admin/platform')).expectStatus(200);
        return reply.messageRate.messages >= SENT ? reply : undefined;
      },
      { what: 'the sent messages to show in the platform rate', deadline: 30_000, interval: 500 },
    );

    expect(overview.messageRate).toEqual(expect.objectContaining({ windowSeconds: 300, bucketSeconds: 5, messages: SENT }));
    expect(overview.messageRate.perSecond).toBeCloseTo(SENT / 300, 5);
    expect(overview.messageRate.samples).toHaveLength(60);
    expect(overview.messageRate.samples.reduce((sum, sample) => sum + sample.perSecond * overview.messageRate.bucketSeconds, 0)).toBeCloseTo(SENT, 5);

    const queue = (suffix: string) => overview.queues.find((candidate) => candidate.name.endsWith(`.zagel.${suffix}`));
    expect(queue('ingestion.rpc')).toEqual(expect.objectContaining({ service: 'ingestion', kind: 'rpc', messages: expect.any(Number) }));
    expect(queue('ingestion.rpc')!.consumers).toBeGreaterThan(0);
    expect(queue('billing.live')).toEqual(expect.objectContaining({ service: 'billing', kind: 'work' }));
    expect(queue('billing.live.dead')).toEqual(expect.objectContaining({ service: 'billing', kind: 'dead', consumers: 0 }));
    // Services not started here declared nothing: their queues are left out rather than shown empty.
    expect(overview.queues.some((candidate) => candidate.service === 'pool-dispatcher')).toBe(false);
    expect(Date.parse(overview.checkedAt)).not.toBeNaN();
  });

  it('refuses a customer with 403 forbidden (problem+json) and an unknown window with 400', async () => {
    const customer = await platform.signUp('not-an-operator');
    expectProblem(await customer.api.get('/v1/admin/platform'), 403, 'forbidden');

    expectProblem(await operator.get('/v1/admin/platform?windowSeconds=5'), 400, 'validation_failed');
  });
});
