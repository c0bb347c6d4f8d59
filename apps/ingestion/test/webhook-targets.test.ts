import { expectProblem, TestCustomer, TestPlatform } from '@zagel/testing';

/** Without WEBHOOKS_ALLOW_PRIVATE, callbacks may only go to public addresses. */
const platform = new TestPlatform({ services: ['auth', 'ingestion', 'api-gateway'], settings: { WEBHOOKS_ALLOW_PRIVATE: 'false' } });
let tenant: TestCustomer;

beforeAll(async () => {
  await platform.start();
  tenant = await platform.customer({ label: 'ssrf', credit: 0 });
}, 120_000);

afterAll(() => platform.stop(), 60_000);

const PRIVATE_TARGETS = [
  'http://127.0.0.1:8080/hook',
  'http://localhost/hook',
  'http://[::1]/hook',
  'http://10.0.0.5/hook',
  'http://192.168.1.20/hook',
  'http://169.254.169.254/latest/meta-data',
  'http://[::ffff:127.0.0.1]/hook',
  'http://0.0.0.0/hook',
];

// The document types the settings' `url` as an object: those calls go untyped.
const putWebhookUrl = (url: string) => tenant.app.request('PUT', '/v1/webhooks/settings', { body: { url } });

describe('callback targets', () => {
  it.each(PRIVATE_TARGETS)('refuses %s as the default webhook URL', async (url) => {
    expectProblem(await putWebhookUrl(url), 422, 'webhook_target_not_allowed');
    expect((await tenant.app.get('/v1/webhooks/settings')).body.url).toBeUndefined();
  });

  it('refuses other schemes', async () => {
    expectProblem(await putWebhookUrl('file:///etc/passwd'), 422, 'webhook_target_not_allowed');
  });

  it('refuses a private callbackUrl on a message before pricing it', async () => {
    const refused = await tenant.app.post('/v1/messages', { to: '+14155550123', body: 'hi', callbackUrl: 'http://127.0.0.1:9/x' });
    expectProblem(refused, 422, 'webhook_target_not_allowed');
    const batch = await tenant.app.post('/v1/messages/batch', { messages: [{ to: '+14155550123', body: 'hi', callbackUrl: 'http://10.1.1.1/x' }] });
    expect(batch.body.rejected).toEqual([expect.objectContaining({ index: 0, code: 'webhook_target_not_allowed' })]);
  });
});
