import { ApiReply, PublicApiClient } from '@zagel/sdk';
import { expectProblem, TestCustomerAccount, TestPlatform, until } from '@zagel/testing';

const platform = new TestPlatform({ services: ['api-gateway', 'auth'] });
let operator: PublicApiClient;

beforeAll(async () => {
  await platform.start();
  operator = await platform.asOperator();
}, 120_000);

afterAll(() => platform.stop(), 30_000);

/** Polls until the response has the wanted status: suspension reaches the gateway over the bus. */
function statusOf<T>(request: () => Promise<ApiReply<T>>, status: number): Promise<ApiReply<T>> {
  return until(
    async () => {
      const response = await request();
      return response.status === status ? response : undefined;
    },
    { what: `an answer with status ${status}`, deadline: 5_000, interval: 100 },
  );
}

async function createApiKey(owner: TestCustomerAccount): Promise<PublicApiClient> {
  const { key } = (await owner.api.post('/v1/api-keys', { name: 'admin test key', scopes: ['verify'] })).expectStatus(201);
  return platform.api.as({ apiKey: key });
}

describe('platform admin', () => {
  it('the operator bootstrapped from ADMIN_EMAIL lists organizations; a customer gets 403 forbidden', async () => {
    const customer = await platform.signUp('listed');

    const list = await operator.get('/v1/admin/organizations');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: customer.organizationId, status: 'active' })]));

    expectProblem(await customer.api.get('/v1/admin/organizations'), 403, 'forbidden');
    expectProblem(await customer.api.post(`/v1/admin/organizations/${customer.organizationId}/suspend`), 403, 'forbidden');
  });

  it('suspending an organization that does not exist is 404 not_found', async () => {
    const response = await operator.post('/v1/admin/organizations/0190f7a4-8c1e-7a3b-9f00-4d2c5e6a7b8c/suspend');

    expectProblem(response, 404, 'not_found');
  });
});

describe('suspending an organization', () => {
  let suspended: TestCustomerAccount;
  let bystander: TestCustomerAccount;

  beforeAll(async () => {
    [suspended, bystander] = await Promise.all([platform.signUp('suspended'), platform.signUp('bystander')]);
  });

  it("stops its keys and its users' tokens with 403 organization_suspended, leaves others alone, and reactivation restores both", async () => {
    const key = await createApiKey(suspended);
    const bystanderKey = await createApiKey(bystander);
    expect((await key.get('/v1/ping')).status).toBe(200); // cached at the gateway before the suspension

    const suspend = await operator.post(`/v1/admin/organizations/${suspended.organizationId}/suspend`);
    expect(suspend.status).toBe(200);
    expect(suspend.body).toEqual(expect.objectContaining({ id: suspended.organizationId, status: 'suspended' }));

    expectProblem(await statusOf(() => key.get('/v1/ping'), 403), 403, 'organization_suspended');
    expectProblem(await statusOf(() => suspended.api.get('/v1/ping'), 403), 403, 'organization_suspended');
    expectProblem(await suspended.api.get('/v1/api-keys'), 403, 'organization_suspended');
    expect((await bystanderKey.get('/v1/ping')).status).toBe(200);
    expect((await bystander.api.get('/v1/ping')).status).toBe(200);

    const listed = await operator.get('/v1/admin/organizations');
    expect(listed.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: suspended.organizationId, status: 'suspended' })]));

    const reactivate = await operator.post(`/v1/admin/organizations/${suspended.organizationId}/reactivate`);
    expect(reactivate.status).toBe(200);
    expect(reactivate.body.status).toBe('active');

    await statusOf(() => key.get('/v1/ping'), 200);
    await statusOf(() => suspended.api.get('/v1/ping'), 200);
  });

  it("a fresh login or refresh of a suspended organization's user does not hand out working tokens", async () => {
    const member = await platform.signUp('suspended-login');
    expect((await operator.post(`/v1/admin/organizations/${member.organizationId}/suspend`)).status).toBe(200);

    const refreshed = await platform.api.post('/v1/auth/refresh', { refreshToken: member.refreshToken });
    if (refreshed.status === 200) {
      const token = refreshed.body.accessToken;
      expectProblem(await statusOf(() => platform.api.get('/v1/ping', { as: { bearer: token } }), 403), 403, 'organization_suspended');
    } else {
      expectProblem(refreshed, 403, 'organization_suspended');
    }
  });
});
