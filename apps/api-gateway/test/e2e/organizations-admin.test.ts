import { eventually } from '@zagel/testing';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createApiKey, Customer, Edge, EdgeResponse, expectProblem, itemsOf, login, registerCustomer, startEdge } from './support/edge';

let edge: Edge;
let operator: { bearer: string };

beforeAll(async () => {
  edge = await startEdge();
  operator = { bearer: (await login(edge.api, ADMIN_EMAIL, ADMIN_PASSWORD)).accessToken };
}, 90_000);

afterAll(async () => {
  await edge?.stop();
});

/** Polls until the response has the wanted status: suspension reaches the gateway over the bus. */
function statusOf(request: () => Promise<EdgeResponse>, status: number): Promise<EdgeResponse> {
  return eventually(
    async () => {
      const response = await request();
      expect(response.status).toBe(status);
      return response;
    },
    { timeoutMs: 5_000, intervalMs: 100 },
  );
}

describe('platform admin', () => {
  it('the operator bootstrapped from ADMIN_EMAIL lists organizations; a customer gets 403 forbidden', async () => {
    const customer = await registerCustomer(edge.api, 'listed');

    const list = await edge.api.get('/v1/admin/organizations', { as: operator });
    expect(list.status).toBe(200);
    expect(itemsOf(list.body)).toEqual(expect.arrayContaining([expect.objectContaining({ id: customer.organizationId, status: 'active' })]));

    expectProblem(await edge.api.get('/v1/admin/organizations', { as: customer.as }), 403, 'forbidden');
    expectProblem(await edge.api.post(`/v1/admin/organizations/${customer.organizationId}/suspend`, undefined, { as: customer.as }), 403, 'forbidden');
  });

  it('suspending an organization that does not exist is 404 not_found', async () => {
    const response = await edge.api.post('/v1/admin/organizations/0190f7a4-8c1e-7a3b-9f00-4d2c5e6a7b8c/suspend', undefined, { as: operator });

    expectProblem(response, 404, 'not_found');
  });
});

describe('suspending an organization', () => {
  let suspended: Customer;
  let bystander: Customer;

  beforeAll(async () => {
    [suspended, bystander] = await Promise.all([registerCustomer(edge.api, 'suspended'), registerCustomer(edge.api, 'bystander')]);
  });

  it("stops its keys and its users' tokens with 403 organization_suspended, leaves others alone, and reactivation restores both", async () => {
    const key = await createApiKey(edge.api, suspended);
    const bystanderKey = await createApiKey(edge.api, bystander);
    expect((await edge.api.get('/v1/ping', { as: key.as })).status).toBe(200); // cached at the gateway before the suspension

    const suspend = await edge.api.post(`/v1/admin/organizations/${suspended.organizationId}/suspend`, undefined, { as: operator });
    expect(suspend.status).toBe(200);
    expect(suspend.body).toEqual(expect.objectContaining({ id: suspended.organizationId, status: 'suspended' }));

    expectProblem(await statusOf(() => edge.api.get('/v1/ping', { as: key.as }), 403), 403, 'organization_suspended');
    expectProblem(await statusOf(() => edge.api.get('/v1/ping', { as: suspended.as }), 403), 403, 'organization_suspended');
    expectProblem(await edge.api.get('/v1/api-keys', { as: suspended.as }), 403, 'organization_suspended');
    expect((await edge.api.get('/v1/ping', { as: bystanderKey.as })).status).toBe(200);
    expect((await edge.api.get('/v1/ping', { as: bystander.as })).status).toBe(200);

    const listed = await edge.api.get('/v1/admin/organizations', { as: operator });
    expect(itemsOf(listed.body)).toEqual(expect.arrayContaining([expect.objectContaining({ id: suspended.organizationId, status: 'suspended' })]));

    const reactivate = await edge.api.post(`/v1/admin/organizations/${suspended.organizationId}/reactivate`, undefined, { as: operator });
    expect(reactivate.status).toBe(200);
    expect(reactivate.body.status).toBe('active');

    await statusOf(() => edge.api.get('/v1/ping', { as: key.as }), 200);
    await statusOf(() => edge.api.get('/v1/ping', { as: suspended.as }), 200);
  });

  it("a fresh login or refresh of a suspended organization's user does not hand out working tokens", async () => {
    const member = await registerCustomer(edge.api, 'suspended-login');
    expect((await edge.api.post(`/v1/admin/organizations/${member.organizationId}/suspend`, undefined, { as: operator })).status).toBe(200);

    const refreshed = await edge.api.post('/v1/auth/refresh', { refreshToken: member.refreshToken });
    if (refreshed.status === 200) {
      const token = refreshed.body.accessToken ?? refreshed.body.tokens.accessToken;
      expectProblem(await statusOf(() => edge.api.get('/v1/ping', { as: { bearer: token } }), 403), 403, 'organization_suspended');
    } else {
      expectProblem(refreshed, 403, 'organization_suspended');
    }
  });
});
