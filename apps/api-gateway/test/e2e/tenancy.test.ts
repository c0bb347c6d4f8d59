import { randomBytes, randomUUID } from 'node:crypto';
import { ApiKeyScope } from '@zagel/contracts';
import { expectProblem, TestCustomerAccount, TestPlatform, until } from '@zagel/testing';

const platform = new TestPlatform({ services: ['api-gateway', 'auth'] });

beforeAll(() => platform.start(), 120_000);
afterAll(() => platform.stop(), 30_000);

async function createApiKey(owner: TestCustomerAccount, scopes: ApiKeyScope[] = ['verify']) {
  return (await owner.api.post('/v1/api-keys', { name: `key ${randomBytes(2).toString('hex')}`, scopes })).expectStatus(201);
}

/** The account's access token for acting in another organization it belongs to. */
async function signInTo(account: TestCustomerAccount, organizationId: string) {
  const session = (await platform.api.post('/v1/auth/login', { email: account.email, password: account.password, organizationId })).expectStatus(200);
  return platform.api.as({ bearer: session.accessToken });
}

describe('members', () => {
  it('an owner invites, lists and removes members; a plain member cannot create keys (403)', async () => {
    const team = await platform.signUp('team-owner');
    const colleague = await platform.signUp('colleague');

    const invited = await team.api.post('/v1/organization/members', { email: colleague.email, role: 'member' });
    expect(invited.status).toBe(201);
    expect(invited.body).toEqual(expect.objectContaining({ outcome: 'member', email: colleague.email, role: 'member' }));

    const pending = await team.api.post('/v1/organization/members', { email: `not-yet-${randomBytes(3).toString('hex')}@e2e.zagel.example.com`, role: 'admin' });
    expect(pending.status).toBe(201);
    expect(pending.body.outcome).toBe('invited');

    const members = await team.api.get('/v1/organization/members');
    expect(members.status).toBe(200);
    expect(members.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ user: expect.objectContaining({ id: team.userId }), role: 'owner' }),
        expect.objectContaining({ user: expect.objectContaining({ id: colleague.userId }), role: 'member' }),
      ]),
    );

    // The colleague acts for the team's organization as a plain member.
    const asMember = await signInTo(colleague, team.organizationId);
    expect((await asMember.get('/v1/ping')).body.organizationId).toBe(team.organizationId);
    const minted = await asMember.post('/v1/api-keys', { name: 'by a member', scopes: ['verify'] });
    expect(minted.status).toBe(403);
    expect(['forbidden', 'insufficient_scope']).toContain(minted.problem?.code);

    const removed = await team.api.delete(`/v1/organization/members/${colleague.userId}`);
    expect(removed.status).toBe(204);
    const after = await team.api.get('/v1/organization/members');
    expect(after.body.items.map((member) => member.user.id)).not.toContain(colleague.userId);
  });

  it("a removed member's unexpired token stops reading the organization within seconds", async () => {
    const team = await platform.signUp('removal-owner');
    const leaver = await platform.signUp('leaver');
    expect((await team.api.post('/v1/organization/members', { email: leaver.email, role: 'member' })).status).toBe(201);
    const asLeaver = await signInTo(leaver, team.organizationId);
    expect((await asLeaver.get('/v1/organization/members')).status).toBe(200);

    expect((await team.api.delete(`/v1/organization/members/${leaver.userId}`)).status).toBe(204);

    await until(
      async () => {
        const statuses = [(await asLeaver.get('/v1/organization/members')).status, (await asLeaver.get('/v1/api-keys')).status];
        return statuses.every((status) => status === 401 || status === 403);
      },
      { what: "the removed member's token to be refused", deadline: 5_000, interval: 200 },
    );
  });
});

describe('tenant isolation', () => {
  let orgA: TestCustomerAccount;
  let orgB: TestCustomerAccount;
  let keyOfB: Awaited<ReturnType<typeof createApiKey>>;

  beforeAll(async () => {
    [orgA, orgB] = await Promise.all([platform.signUp('tenant-a'), platform.signUp('tenant-b')]);
    keyOfB = await createApiKey(orgB);
  });

  it("organization A gets 404 deleting B's API key, exactly as for a key that does not exist, and B's key keeps working", async () => {
    const other = await orgA.api.delete(`/v1/api-keys/${keyOfB.id}`);
    const missing = await orgA.api.delete(`/v1/api-keys/${randomUUID()}`);

    expectProblem(other, 404, 'not_found');
    expectProblem(missing, 404, 'not_found');
    const withoutIds = (detail: string | undefined) => (detail ?? '').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>');
    expect(withoutIds(other.problem?.detail)).toBe(withoutIds(missing.problem?.detail));
    expect((await platform.api.get('/v1/ping', { as: { apiKey: keyOfB.key } })).status).toBe(200);
  });

  it("organization A gets 404 removing B's member and B's member list is unchanged", async () => {
    const response = await orgA.api.delete(`/v1/organization/members/${orgB.userId}`);

    expectProblem(response, 404, 'not_found');
    const membersOfB = (await orgB.api.get('/v1/organization/members')).body.items;
    expect(membersOfB.map((member) => member.user.id)).toContain(orgB.userId);
  });

  it("A's lists never contain B's keys or members, whether A asks with a token or a key", async () => {
    const keyOfA = await createApiKey(orgA);
    const keysOfA = await orgA.api.get('/v1/api-keys');
    const membersOfA = await orgA.api.get('/v1/organization/members');

    expect(keysOfA.body.items.map((item) => item.id)).toEqual([keyOfA.id]);
    expect(keysOfA.text).not.toContain(keyOfB.id);
    expect(membersOfA.body.items.map((member) => member.user.id)).toEqual([orgA.userId]);

    const withKey = await platform.api.get('/v1/api-keys', { as: { apiKey: keyOfA.key } });
    if (withKey.status === 200) expect(withKey.text).not.toContain(keyOfB.id);
    else expect(withKey.status).toBe(403);
  });

  it("a user of A never obtains a session acting for B, whether by login or by refresh naming B's organization", async () => {
    const login = await platform.api.post('/v1/auth/login', { email: orgA.email, password: orgA.password, organizationId: orgB.organizationId });
    const refresh = await platform.api.post('/v1/auth/refresh', { refreshToken: orgA.refreshToken, organizationId: orgB.organizationId });

    for (const response of [login, refresh]) {
      // Refused (4xx), or, as auth does today, a session for the user's own organization instead.
      if (response.status !== 200) {
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        continue;
      }
      expect(response.body.organization?.id).not.toBe(orgB.organizationId);
      const ping = await platform.api.get('/v1/ping', { as: { bearer: response.body.accessToken } });
      expect(ping.body.organizationId).not.toBe(orgB.organizationId);
    }
  });

  it('the tenant comes from the credential: an organizationId in the body is an unknown field (400)', async () => {
    const response = await orgA.api.request('POST', '/v1/api-keys', { body: { name: 'smuggled', scopes: ['verify'], organizationId: orgB.organizationId } });

    const problem = expectProblem(response, 400, 'validation_failed');
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'organizationId' })]));
    expect((await orgB.api.get('/v1/api-keys')).body.items.map((item) => item.name)).not.toContain('smuggled');
  });
});
