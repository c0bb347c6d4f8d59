import {
  ApiKeyRevoked,
  CreateApiKey,
  DeviceTokenRevoked,
  GetSigningKeys,
  InviteMember,
  IssueDeviceToken,
  ListApiKeys,
  ListMembers,
  ListOrganizations,
  ListSuspendedOrganizations,
  Login,
  OrganizationStatusChanged,
  Register,
  RemoveMember,
  ResolveApiKey,
  RevokeApiKey,
  RevokeDeviceToken,
  SetOrganizationStatus,
} from '@zagel/contracts';
import { eventually, TestPlatform } from '@zagel/testing';
import { DEVICE_TOKEN_AUDIENCE, verifyToken } from '../src/signing-keys/jwt';
import { AuthDesk, STRONG_PASSWORD } from './support/auth-desk';

const ADMIN = { email: 'ops@zagel.test', password: 'operator-granite-48-meadow' };
const DEVICE_ID = '01900000-0000-7000-8000-0000000000d1';

describe('API keys, members, organizations and devices over the bus', () => {
  const platform = new TestPlatform({ services: ['auth'], settings: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
  let auth: AuthDesk;

  beforeAll(async () => {
    await platform.start();
    auth = await AuthDesk.open(platform, [ApiKeyRevoked, OrganizationStatusChanged, DeviceTokenRevoked]);
  }, 120_000);
  afterAll(() => platform.stop(), 60_000);

  it('creates, resolves and revokes an API key, announcing the revocation', async () => {
    const owner = await auth.register({ organizationName: 'Keys Inc' });
    const organizationId = owner.organization!.id;
    const created = await auth.call(CreateApiKey, { organizationId, userId: owner.user.id, name: 'server', scopes: ['verify', 'messages:send'] });
    expect(created.key).toMatch(/^zk_live_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.key.slice(0, 12));

    const resolved = await auth.call(ResolveApiKey, { key: created.key });
    expect(resolved).toEqual({ apiKeyId: created.id, organizationId, organizationStatus: 'active', scopes: ['verify', 'messages:send'], prefix: created.prefix });
    const listed = await auth.call(ListApiKeys, { organizationId });
    expect(listed.items).toEqual([expect.objectContaining({ id: created.id, lastUsedAt: expect.any(String) })]);
    expect(JSON.stringify(listed)).not.toContain(created.key);

    await auth.call(RevokeApiKey, { organizationId, apiKeyId: created.id });
    await expect(auth.call(ResolveApiKey, { key: created.key })).rejects.toMatchObject({ code: 'invalid_api_key' });
    await expect(auth.call(ResolveApiKey, { key: 'zk_live_made-up' })).rejects.toMatchObject({ code: 'invalid_api_key' });
    await eventually(() => expect(auth.received(ApiKeyRevoked)).toContainEqual({ payload: expect.objectContaining({ apiKeyId: created.id, organizationId }), tenantId: organizationId }));
  });

  it('keeps organizations apart and checks the role again', async () => {
    const a = await auth.register({ organizationName: 'A' });
    const b = await auth.register({ organizationName: 'B' });
    const keyOfB = await auth.call(CreateApiKey, { organizationId: b.organization!.id, userId: b.user.id, name: 'b', scopes: ['verify'] });
    await expect(auth.call(RevokeApiKey, { organizationId: a.organization!.id, apiKeyId: keyOfB.id })).rejects.toMatchObject({ code: 'not_found' });
    await expect(auth.call(CreateApiKey, { organizationId: b.organization!.id, userId: a.user.id, name: 'x', scopes: ['verify'] })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await auth.call(ListApiKeys, { organizationId: a.organization!.id })).items).toEqual([]);
    await expect(auth.call(ResolveApiKey, { key: keyOfB.key })).resolves.toMatchObject({ organizationId: b.organization!.id });
  });

  it('invites members, lets invitees join on registration, and keeps the last owner', async () => {
    const owner = await auth.register({ organizationName: 'Team' });
    const organizationId = owner.organization!.id;
    const inviteeEmail = auth.email('invitee');
    await expect(auth.call(InviteMember, { organizationId, invitedBy: owner.user.id, email: inviteeEmail, role: 'admin' })).resolves.toMatchObject({ outcome: 'invited' });
    const invitee = await auth.register({ email: inviteeEmail });
    expect(invitee.organization?.id).toBe(organizationId);

    const admin = await auth.call(Login, { email: inviteeEmail, password: STRONG_PASSWORD, client: {} });
    await expect(auth.call(InviteMember, { organizationId, invitedBy: admin.user.id, email: auth.email('x'), role: 'owner' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(auth.call(InviteMember, { organizationId, invitedBy: owner.user.id, email: inviteeEmail, role: 'member' })).rejects.toMatchObject({ code: 'already_member' });
    const members = await auth.call(ListMembers, { organizationId });
    expect(members.items.map((m) => [m.user.id, m.role])).toEqual([[owner.user.id, 'owner'], [invitee.user.id, 'admin']]);

    await expect(auth.call(RemoveMember, { organizationId, userId: owner.user.id, removedBy: owner.user.id })).rejects.toMatchObject({ code: 'last_owner' });
    await expect(auth.call(RemoveMember, { organizationId, userId: owner.user.id, removedBy: invitee.user.id })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(auth.call(RemoveMember, { organizationId, userId: invitee.user.id, removedBy: owner.user.id })).resolves.toEqual({ userId: invitee.user.id });
    await expect(auth.call(RemoveMember, { organizationId, userId: invitee.user.id, removedBy: owner.user.id })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('bootstraps the platform operator once', async () => {
    // Every start bootstraps: a restart must find the operator there and make no second one.
    await platform.instance('auth').restart('kill');
    const [{ operators }] = await platform.db('auth').query<{ operators: number }>(`SELECT count(*)::int AS operators FROM users WHERE platform_admin`);
    expect(operators).toBe(1);
    const session = await auth.call(Login, { email: ADMIN.email, password: ADMIN.password, client: {} });
    expect(session.user).toMatchObject({ platformAdmin: true, accountType: 'customer' });
    expect(session.organization).toBeUndefined();
  });

  it('suspends an organization: login refused, keys resolve as suspended, event published; reactivates', async () => {
    const operator = await auth.call(Login, { email: ADMIN.email, password: ADMIN.password, client: {} });
    const owner = await auth.register({ organizationName: 'Soon Suspended' });
    const organizationId = owner.organization!.id;
    const key = await auth.call(CreateApiKey, { organizationId, userId: owner.user.id, name: 'k', scopes: ['verify'] });

    const suspended = await auth.call(SetOrganizationStatus, { organizationId, status: 'suspended', actorId: operator.user.id });
    expect(suspended.status).toBe('suspended');
    await expect(auth.call(Login, { email: owner.user.email, password: STRONG_PASSWORD, client: {} })).rejects.toMatchObject({ code: 'organization_suspended' });
    await expect(auth.call(ResolveApiKey, { key: key.key })).resolves.toMatchObject({ organizationStatus: 'suspended' });
    expect((await auth.call(ListSuspendedOrganizations, {})).organizationIds).toContain(organizationId);
    expect((await auth.call(ListOrganizations, { status: 'suspended' })).items.map((o) => o.id)).toContain(organizationId);
    await eventually(() =>
      expect(auth.received(OrganizationStatusChanged)).toContainEqual({
        payload: expect.objectContaining({ organizationId, status: 'suspended', actorId: operator.user.id }),
        tenantId: organizationId,
      }),
    );

    await auth.call(SetOrganizationStatus, { organizationId, status: 'active', actorId: operator.user.id });
    await expect(auth.call(Login, { email: owner.user.email, password: STRONG_PASSWORD, client: {} })).resolves.toMatchObject({ organization: { status: 'active' } });
    await expect(auth.call(SetOrganizationStatus, { organizationId: DEVICE_ID, status: 'active', actorId: operator.user.id })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('pages organizations by id', async () => {
    await Promise.all([auth.register(), auth.register(), auth.register()]);
    const first = await auth.call(ListOrganizations, { limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await auth.call(ListOrganizations, { limit: 2, cursor: first.nextCursor });
    expect(second.items[0].id > first.items[1].id).toBe(true);
  });

  it('issues and revokes device tokens', async () => {
    const phoneOwner = await auth.call(Register, { email: auth.email('phone'), password: STRONG_PASSWORD, name: 'P', accountType: 'device_owner', client: {} });
    const issued = await auth.call(IssueDeviceToken, { deviceId: DEVICE_ID, ownerId: phoneOwner.user.id });
    const { keys } = await auth.call(GetSigningKeys, {});
    expect(verifyToken(issued.deviceToken, keys, DEVICE_TOKEN_AUDIENCE)).toMatchObject({ sub: DEVICE_ID, owner: phoneOwner.user.id, typ: 'device', jti: expect.any(String) });
    await auth.call(RevokeDeviceToken, { deviceId: DEVICE_ID });
    await expect(auth.call(RevokeDeviceToken, { deviceId: DEVICE_ID })).rejects.toMatchObject({ code: 'not_found' });
    await eventually(() => expect(auth.received(DeviceTokenRevoked)).toContainEqual({ payload: expect.objectContaining({ deviceId: DEVICE_ID }), tenantId: undefined }));
  });
});
