import { randomBytes } from 'node:crypto';
import { AuditEntryView, BillingLowBalance } from '@zagel/contracts';
import { PublicApiClient } from '@zagel/sdk';
import { expectProblem, randomPassword, TestCustomerAccount, TestPlatform } from '@zagel/testing';

// GET /v1/audit-log through the gateway: operators read every organization's entries, an owner only
// their own (anyone else gets 403); filters and the cursor. Also: with SMTP_URL unset, auth binds no
// owner notification event (it would only drop them), and nothing is queued or breaks.

const platform = new TestPlatform({ services: ['auth', 'api-gateway'] });

beforeAll(() => platform.start(), 180_000);
afterAll(() => platform.stop(), 60_000);

async function auditLog(api: PublicApiClient, query = ''): Promise<AuditEntryView[]> {
  return (await api.get(`/v1/audit-log?${query}`)).expectStatus(200).items as AuditEntryView[];
}

/** Every page, following nextCursor. */
async function allPages(api: PublicApiClient, query: string): Promise<AuditEntryView[]> {
  const items: AuditEntryView[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page += 1) {
    const body = (await api.get(`/v1/audit-log?${query}${cursor ? `&cursor=${cursor}` : ''}`)).expectStatus(200);
    items.push(...(body.items as AuditEntryView[]));
    cursor = body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error('more than 50 pages');
}

describe('the audit log', () => {
  let a: TestCustomerAccount;
  let b: TestCustomerAccount;
  let keyOfA: { id: string; key: string };
  let adminOfB: PublicApiClient;

  beforeAll(async () => {
    [a, b] = [await platform.signUp('audit-a'), await platform.signUp('audit-b')];
    keyOfA = (await a.api.post('/v1/api-keys', { name: 'a app', scopes: ['verify'] })).expectStatus(201);
    (await a.api.delete(`/v1/api-keys/${keyOfA.id}`)).expectStatus(204);
    keyOfA = (await a.api.post('/v1/api-keys', { name: 'a app 2', scopes: ['verify'] })).expectStatus(201);
    (await b.api.post('/v1/api-keys', { name: 'b app', scopes: ['verify'] })).expectStatus(201);

    // B invites an admin who then registers and joins B.
    const adminEmail = `admin-${randomBytes(4).toString('hex')}@accounts.zagel.test`;
    (await b.api.post('/v1/organization/members', { email: adminEmail, role: 'admin' })).expectStatus(201);
    const password = randomPassword();
    const session = (await platform.api.post('/v1/auth/register', { email: adminEmail, password, name: 'B Admin', accountType: 'customer' })).expectStatus(201);
    expect(session.organization?.id).toBe(b.organizationId);
    adminOfB = platform.api.as({ bearer: session.accessToken });

    const operator = await platform.asOperator();
    (await operator.post(`/v1/admin/organizations/${b.organizationId}/suspend`)).expectStatus(200);
    (await operator.post(`/v1/admin/organizations/${b.organizationId}/reactivate`)).expectStatus(200);
  });

  it("shows an owner their own organization's entries, newest first, with who did what", async () => {
    const entries = await auditLog(a.api);
    expect(entries.map((entry) => entry.action)).toEqual(['api_key.created', 'api_key.revoked', 'api_key.created']);
    expect(new Set(entries.map((entry) => entry.organizationId))).toEqual(new Set([a.organizationId]));
    expect(entries.every((entry) => entry.actorId === a.userId)).toBe(true);
    expect(entries[0].details).toEqual(expect.objectContaining({ apiKeyId: keyOfA.id, name: 'a app 2', scopes: ['verify'] }));
    expect(JSON.stringify(entries)).not.toContain(keyOfA.key);
    expect([...entries].sort((x, y) => y.id.localeCompare(x.id))).toEqual(entries);

    const ofB = await auditLog(b.api);
    expect(ofB.map((entry) => entry.action)).toEqual(['organization.reactivated', 'organization.suspended', 'member.added', 'member.invited', 'api_key.created']);
    expect(ofB.find((entry) => entry.action === 'organization.suspended')?.actorId).not.toBe(b.userId);
  });

  it("refuses an owner another organization's entries, and everyone who is not an owner or an operator", async () => {
    expectProblem(await a.api.get(`/v1/audit-log?organizationId=${b.organizationId}`), 403, 'forbidden');
    expect((await auditLog(a.api, `organizationId=${a.organizationId}`)).length).toBe(3);
    expectProblem(await adminOfB.get('/v1/audit-log'), 403, 'forbidden');
    expectProblem(await platform.api.as({ apiKey: keyOfA.key }).get('/v1/audit-log'), 403, 'forbidden');
    expectProblem(await platform.api.get('/v1/audit-log'), 401, 'unauthenticated');
  });

  it("shows an operator every organization's entries, or one's", async () => {
    const operator = await platform.asOperator();
    const all = await allPages(operator, 'limit=100');
    const organizations = new Set(all.map((entry) => entry.organizationId));
    expect(organizations).toContain(a.organizationId);
    expect(organizations).toContain(b.organizationId);

    const onlyB = await auditLog(operator, `organizationId=${b.organizationId}`);
    expect(onlyB).toEqual(await auditLog(b.api));
  });

  it('filters by action, actor and time, and pages with the cursor', async () => {
    const operator = await platform.asOperator();
    const revoked = await auditLog(operator, `action=api_key.revoked&organizationId=${a.organizationId}`);
    expect(revoked).toEqual([expect.objectContaining({ action: 'api_key.revoked', actorId: a.userId, details: { apiKeyId: expect.any(String) } })]);
    expect((await auditLog(operator, `actorId=${b.userId}`)).map((entry) => entry.action)).toEqual(['member.invited', 'api_key.created']);

    const everything = await auditLog(b.api);
    const oldest = everything[everything.length - 1];
    expect(await auditLog(b.api, `until=${encodeURIComponent(oldest.at)}`)).toEqual([]);
    expect((await auditLog(b.api, `from=${encodeURIComponent(oldest.at)}`)).length).toBe(everything.length);
    expect(await auditLog(b.api, `from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);

    const paged = await allPages(b.api, 'limit=1');
    expect(paged).toEqual(everything);
    expectProblem(await b.api.get('/v1/audit-log?cursor=not-an-id'), 400, 'validation_failed');
    expectProblem(await b.api.get('/v1/audit-log?action=made.up'), 400, 'validation_failed');
  });
});

it('without SMTP_URL auth is not handed the owner notification events, queues no email and stays ready', async () => {
  const owner = await platform.signUp('no-smtp');
  const probe = await platform.probe({ service: 'billing' });
  await probe.publish(
    BillingLowBalance,
    { organizationId: owner.organizationId, available: 10, reserved: 0, threshold: 500, currency: 'USD', at: new Date().toISOString() },
    { tenantId: owner.organizationId },
  );
  await platform.drained();
  const metrics = await (await fetch(`${platform.url('auth')}/metrics`)).text();
  expect(metrics).not.toMatch(/zagel_bus_(consumed|dropped)_total\{[^}]*type="billing\.low-balance"/);
  expect(await platform.db('auth').query('SELECT id FROM owner_notifications')).toEqual([]);
  expect((await fetch(`${platform.url('auth')}/health/ready`)).status).toBe(200);
});
