import { expectProblem } from './support/public-api';
import { IngestionPlatform, Tenant } from './support/ingestion-platform';

/** Without WEBHOOKS_ALLOW_PRIVATE, callbacks may only go to public addresses. */
const platform = new IngestionPlatform(['auth', 'ingestion', 'api-gateway'], { WEBHOOKS_ALLOW_PRIVATE: 'false' });
let tenant: Tenant;

beforeAll(async () => {
  await platform.start();
  tenant = await platform.customer('ssrf', 0);
}, 120_000);

afterAll(async () => {
  await platform.stop();
}, 60_000);

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

describe('callback targets', () => {
  it.each(PRIVATE_TARGETS)('refuses %s as the default webhook URL', async (url) => {
    const refused = await platform.api.request('PUT', '/v1/webhooks/settings', { as: tenant.as, body: { url } });
    expectProblem(refused, 422, 'webhook_target_not_allowed');
    expect((await platform.api.get('/v1/webhooks/settings', { as: tenant.as })).body.url).toBeUndefined();
  });

  it('refuses other schemes', async () => {
    const refused = await platform.api.request('PUT', '/v1/webhooks/settings', { as: tenant.as, body: { url: 'file:///etc/passwd' } });
    expectProblem(refused, 422, 'webhook_target_not_allowed');
  });

  it('refuses a private callbackUrl on a message before pricing it', async () => {
    const refused = await platform.api.post('/v1/messages', { to: '+14155550123', body: 'hi', callbackUrl: 'http://127.0.0.1:9/x' }, { as: tenant.as });
    expectProblem(refused, 422, 'webhook_target_not_allowed');
    const batch = await platform.api.post(
      '/v1/messages/batch',
      { messages: [{ to: '+14155550123', body: 'hi', callbackUrl: 'http://10.1.1.1/x' }] },
      { as: tenant.as },
    );
    expect(batch.body.rejected).toEqual([expect.objectContaining({ index: 0, code: 'webhook_target_not_allowed' })]);
  });
});
