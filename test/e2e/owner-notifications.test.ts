import { v7 as uuidv7 } from 'uuid';
import { BillingLowBalance } from '@zagel/contracts';
import { CallbackServer, eventually, ReceivedEmail, SmtpInbox, TestCustomer, TestCustomerAccount, TestPlatform, validSignature } from '@zagel/testing';

// billing.low-balance and webhooks.endpoint-disabled reach the organization's owners: by email (auth,
// through a local SMTP server that requires the login SMTP_URL carries) and by the organization's
// signed webhook (ingestion). The low balance comes from billing (an operator's credit under the
// threshold), the disabled endpoint from ingestion (a canceled message's callback to a failing URL);
// the same event delivered twice emails and calls once.

const inbox = new SmtpInbox();
const MAIL_FROM = 'Zagel Alerts <alerts@zagel.test>';
let platform: TestPlatform;
let hooks: CallbackServer;
let broken: CallbackServer;

beforeAll(async () => {
  await inbox.start();
  hooks = await new CallbackServer().start();
  broken = await new CallbackServer(() => 503).start('/broken');
  platform = new TestPlatform({
    services: ['auth', 'billing', 'ingestion', 'api-gateway'],
    settings: {
      SMTP_URL: inbox.url,
      MAIL_FROM,
      BILLING_LOW_BALANCE_THRESHOLD: '5000',
      WEBHOOKS_POLL_INTERVAL_MS: '100',
      WEBHOOKS_RETRY_BASE_DELAY_SECONDS: '1',
      WEBHOOKS_DISABLE_AFTER_FAILURES: '1',
      WEBHOOKS_DISABLE_AFTER_SECONDS: '0',
    },
  });
  await platform.start();
}, 180_000);

afterAll(async () => {
  await platform?.stop();
  await Promise.all([inbox.stop(), hooks.stop(), broken.stop()]);
}, 60_000);

describe("an organization's owners", () => {
  let customer: TestCustomer;
  let secondOwner: TestCustomerAccount;
  let admin: TestCustomerAccount;
  let secret: string;
  let organizationName: string;

  const owners = () => [customer.email, secondOwner.email].sort();
  const emailsAbout = (text: string): ReceivedEmail[] => inbox.received.filter((email) => email.subject.includes(organizationName) && email.subject.includes(text));
  const recipientsOf = (emails: ReceivedEmail[]) => emails.flatMap((email) => email.recipients).sort();
  const callbacks = (event: string) => hooks.received.filter((callback) => callback.json.event === event);

  beforeAll(async () => {
    customer = await platform.customer({ label: 'notified', credit: 0 });
    [secondOwner, admin] = [await platform.signUp('second-owner'), await platform.signUp('just-admin')];
    (await customer.owner.post('/v1/organization/members', { email: secondOwner.email, role: 'owner' })).expectStatus(201);
    (await customer.owner.post('/v1/organization/members', { email: admin.email, role: 'admin' })).expectStatus(201);
    const members = (await customer.owner.get('/v1/organization/members')).expectStatus(200).items;
    expect(members.map((member) => member.role).sort()).toEqual(['admin', 'owner', 'owner']);
    organizationName = (await customer.owner.get('/v1/me')).expectStatus(200).memberships.find((m) => m.organization.id === customer.organizationId)!.organization.name;
    const settings = (await customer.app.request('PUT', '/v1/webhooks/settings', { body: { url: hooks.url } })).expectStatus(200) as { secret?: string };
    secret = settings.secret!;
    expect(secret).toMatch(/^whsec_/);
  });

  it('are told of a low balance by email and by a signed webhook', async () => {
    const operator = await platform.asOperator();
    (await operator.post(`/v1/admin/organizations/${customer.organizationId}/credits`, { amount: 1000, reason: 'small top-up' })).expectStatus(201);

    await eventually(() => expect(recipientsOf(emailsAbout('balance'))).toEqual(owners()));
    for (const email of emailsAbout('balance')) {
      expect(email.headers.from).toBe(MAIL_FROM);
      expect(email.headers.to).toBe(email.recipients[0]);
      expect(email.subject).toBe(`Zagel: the balance of ${organizationName} is low (USD 10.00)`);
      expect(email.text).toContain('USD 10.00, below the alert threshold of USD 50.00');
      expect(email.html).toContain('below the alert threshold of USD 50.00');
      expect(email.html).toMatch(/^<!doctype html>/);
    }
    expect(inbox.to(admin.email)).toEqual([]);

    const [callback] = await eventually(() => {
      const heard = callbacks('billing.low_balance');
      expect(heard).toHaveLength(1);
      return heard;
    });
    expect(await validSignature(callback, secret)).toBe(true);
    expect(callback.headers['zagel-event']).toBe('billing.low_balance');
    expect(callback.json).toEqual(expect.objectContaining({ event: 'billing.low_balance', available: 1000, reserved: 0, threshold: 5000, currency: 'USD' }));
  });

  it('are told when an endpoint is disabled, by email and on their other webhook, never with its query', async () => {
    const failing = `${broken.url}?token=s3cret-token`;
    const sent = (
      await customer.app.post('/v1/messages', { to: '+14155550123', body: 'later', scheduleAt: new Date(Date.now() + 86_400_000).toISOString(), callbackUrl: failing })
    ).expectStatus(202);
    (await customer.app.post(`/v1/messages/${sent.id}/cancel`)).expectStatus(200);

    await eventually(() => expect(recipientsOf(emailsAbout('webhook endpoint disabled'))).toEqual(owners()));
    for (const email of emailsAbout('webhook endpoint disabled')) {
      expect(email.text).toContain(`Zagel stopped calling the webhook endpoint ${broken.url} of ${organizationName}: it failed 1 times`);
      expect(email.raw).not.toContain('s3cret-token');
    }
    expect(broken.received.length).toBeGreaterThan(0);

    const [callback] = await eventually(() => {
      const heard = callbacks('webhook.endpoint_disabled');
      expect(heard).toHaveLength(1);
      return heard;
    });
    expect(await validSignature(callback, secret)).toBe(true);
    expect(callback.json).toEqual(expect.objectContaining({ event: 'webhook.endpoint_disabled', url: failing, consecutiveFailures: 1 }));
  });

  it('are emailed and called once for an event delivered twice', async () => {
    const probe = await platform.probe({ service: 'billing' });
    const eventId = uuidv7();
    const event = { organizationId: customer.organizationId, available: 4321, reserved: 10, threshold: 7777, currency: 'USD', at: new Date().toISOString() };
    await probe.publish(BillingLowBalance, event, { tenantId: customer.organizationId, messageId: eventId });
    await eventually(() => expect(recipientsOf(emailsAbout('USD 43.21'))).toEqual(owners()));
    await eventually(() => expect(callbacks('billing.low_balance').filter((callback) => callback.json.threshold === 7777)).toHaveLength(1));

    await probe.publish(BillingLowBalance, event, { tenantId: customer.organizationId, messageId: eventId });
    await platform.drained();
    // Nothing more was queued for it: no second email per owner, no second callback.
    expect(await platform.db('auth').query(`SELECT recipient, status FROM owner_notifications WHERE event_id = $1 ORDER BY recipient`, [eventId])).toEqual(
      owners().map((recipient) => ({ recipient, status: 'sent' })),
    );
    expect(
      await platform.db('ingestion').query(`SELECT id FROM webhook_deliveries WHERE organization_id = $1 AND payload->>'threshold' = '7777'`, [customer.organizationId]),
    ).toHaveLength(1);
    expect(recipientsOf(emailsAbout('USD 43.21'))).toEqual(owners());
    expect(callbacks('billing.low_balance').filter((callback) => callback.json.threshold === 7777)).toHaveLength(1);
  });
});
