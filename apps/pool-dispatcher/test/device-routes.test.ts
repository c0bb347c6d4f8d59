import { randomBytes } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import { v7 as uuidv7 } from 'uuid';
import {
  ConfigureDevice,
  DeviceOnline,
  DeviceSendAcked,
  DeviceTokenRevoked,
  DisconnectDevice,
  DisconnectDevicePayload,
  MessageRequested,
  PushToDevice,
  PushToDevicePayload,
} from '@zagel/contracts';
import { Bus, busOptionsFromConfig, deleteBusTopology } from '@zagel/messaging';
import { cleanupTestNamespace, createTestNamespace, eventually, RunningPlatform, startPlatformProcesses } from '@zagel/testing';

/** JSON from the wire, read field by field by the assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const ADMIN_EMAIL = 'operator@devices.zagel.example.com';
const ADMIN_PASSWORD = 'Dove-Courier-7310-Nile-Delta';
const SERVICES = ['auth', 'pool-dispatcher', 'api-gateway'] as const;
const test = createTestNamespace();
const gatewayInstanceId = `fake-gw-${randomBytes(3).toString('hex')}`;
let platform: RunningPlatform;
let bus: Bus;
const pushes: PushToDevicePayload[] = [];
const disconnects: DisconnectDevicePayload[] = [];
const revoked: string[] = [];

async function call(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; type: string; body: Json }> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${platform.urls['api-gateway']}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, type, body: text && /json/.test(type) ? JSON.parse(text) : text };
}

async function signUp(label: string): Promise<{ token: string; userId: string }> {
  const response = await call('POST', '/v1/auth/register', undefined, {
    email: `${label}-${randomBytes(4).toString('hex')}@devices.zagel.example.com`,
    password: `Pigeon-${randomBytes(6).toString('hex')}-Carrier!`,
    name: `Owner ${label}`,
    accountType: 'device_owner',
  });
  if (response.status !== 201) throw new Error(`register: ${response.status} ${JSON.stringify(response.body)}`);
  return { token: response.body.tokens?.accessToken ?? response.body.accessToken, userId: response.body.user.id };
}

function uniqueNumber(prefix: string): string {
  return `${prefix}${String(Date.now() % 10_000).padStart(4, '0')}${String(Math.floor(Math.random() * 1_000)).padStart(3, '0')}`;
}

function expectProblem(response: { status: number; type: string; body: Json }, status: number, code: string): void {
  expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
  expect(response.type).toContain('application/problem+json');
}

let alice: { token: string; userId: string };
let bob: { token: string; userId: string };
let admin: string;

beforeAll(async () => {
  platform = await startPlatformProcesses(test, SERVICES, {
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    RATE_LIMIT_PER_IP_PER_MINUTE: '100000',
    DEVICE_QUARANTINE_SCORE: '0.9',
    DEVICE_ACK_TIMEOUT_MS: '60000',
  });
  bus = await Bus.connect(busOptionsFromConfig(test.settings, 'device-gateway', { instanceId: gatewayInstanceId }));
  bus.onCommand(PushToDevice, (payload) => void pushes.push(payload), { perInstance: true });
  bus.onCommand(DisconnectDevice, (payload) => void disconnects.push(payload), { perInstance: true });
  bus.onCommand(ConfigureDevice, () => undefined, { perInstance: true });
  bus.onEvent(DeviceTokenRevoked, (payload) => void revoked.push(payload.deviceId));
  await bus.start();
  await eventually(async () => expect((await call('GET', '/.well-known/jwks.json')).body.keys.length).toBeGreaterThan(0), { timeoutMs: 15_000 });
  alice = await signUp('alice');
  bob = await signUp('bob');
  const login = await call('POST', '/v1/auth/login', undefined, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  admin = login.body.tokens?.accessToken ?? login.body.accessToken;
}, 120_000);

afterAll(async () => {
  await bus?.close();
  await platform?.stop();
  await deleteBusTopology(test.settings.RABBITMQ_URL, test.namespace, [
    { service: 'device-gateway', instanceIds: [gatewayInstanceId], retryDelaysMs: test.settings.BUS_RETRY_DELAYS_MS },
  ]);
  await cleanupTestNamespace(test, SERVICES);
}, 60_000);

describe('POST /v1/devices', () => {
  it('registers a mobile number with its country and carrier, and hands out a device token for that phone', async () => {
    const number = uniqueNumber('+20100');
    const response = await call('POST', '/v1/devices', alice.token, { phoneNumber: number, label: 'kitchen phone' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ id: expect.any(String), phoneNumber: number, country: 'EG', carrier: 'vodafone' });
    const claims = jwt.decode(response.body.deviceToken) as jwt.JwtPayload;
    expect(claims).toMatchObject({ sub: response.body.id, aud: 'zagel-device' });
  });

  it('refuses a landline, a number that is not one, and a missing label, as problem+json', async () => {
    expectProblem(await call('POST', '/v1/devices', alice.token, { phoneNumber: '+20223456789', label: 'desk' }), 422, 'not_a_mobile_number');
    expectProblem(await call('POST', '/v1/devices', alice.token, { phoneNumber: '+2010', label: 'short' }), 422, 'invalid_phone_number');
    expectProblem(await call('POST', '/v1/devices', alice.token, { phoneNumber: 'call me', label: 'words' }), 422, 'invalid_phone_number');
    const missing = await call('POST', '/v1/devices', alice.token, { phoneNumber: uniqueNumber('+20100') });
    expect(missing.status).toBe(400);
    expect(missing.type).toContain('application/problem+json');
  });

  it('refuses a number registered before, by the same owner or another: 409', async () => {
    const number = uniqueNumber('+20120');
    expect((await call('POST', '/v1/devices', alice.token, { phoneNumber: number, label: 'first' })).status).toBe(201);
    expectProblem(await call('POST', '/v1/devices', alice.token, { phoneNumber: number, label: 'again' }), 409, 'phone_number_taken');
    expectProblem(await call('POST', '/v1/devices', bob.token, { phoneNumber: number, label: 'mine' }), 409, 'phone_number_taken');
  });

  it('needs a signed-in user', async () => {
    expect((await call('POST', '/v1/devices', undefined, { phoneNumber: uniqueNumber('+20100'), label: 'x' })).status).toBe(401);
  });
});

describe('an owner sees and changes only their own phones', () => {
  it('lists, pages, updates and deletes, and another owner gets 404', async () => {
    const owner = await signUp('carol');
    const other = await signUp('dave');
    const first = (await call('POST', '/v1/devices', owner.token, { phoneNumber: uniqueNumber('+20111'), label: 'one' })).body;
    const second = (await call('POST', '/v1/devices', owner.token, { phoneNumber: uniqueNumber('+20155'), label: 'two' })).body;
    await call('POST', '/v1/devices', other.token, { phoneNumber: uniqueNumber('+20100'), label: 'not yours' });

    const list = await call('GET', '/v1/devices', owner.token);
    expect(list.status).toBe(200);
    expect(list.body.items.map((device: Json) => device.id)).toEqual([first.id, second.id]);
    expect(list.body.items[0]).toMatchObject({
      online: false,
      paused: false,
      quarantined: false,
      dailyQuota: 5,
      sentToday: 0,
      quotaLeft: 5,
      successRate: null,
      healthScore: 1,
      country: 'EG',
      carrier: 'etisalat',
      lastSeenAt: null,
    });
    // billing does not run in this test: the list answers without earnings rather than failing.
    expect(list.body.items[0]).toHaveProperty('earnings', null);
    const page = await call('GET', '/v1/devices?limit=1', owner.token);
    expect(page.body.items).toHaveLength(1);
    const rest = await call('GET', `/v1/devices?limit=1&cursor=${page.body.nextCursor}`, owner.token);
    expect(rest.body.items.map((device: Json) => device.id)).toEqual([second.id]);
    expect(rest.body.nextCursor).toBeUndefined();

    expect((await call('GET', '/v1/devices', other.token)).body.items.map((device: Json) => device.id)).not.toContain(first.id);
    expectProblem(await call('PATCH', `/v1/devices/${first.id}`, other.token, { paused: true }), 404, 'device_not_found');
    expectProblem(await call('DELETE', `/v1/devices/${first.id}`, other.token), 404, 'device_not_found');

    const updated = await call('PATCH', `/v1/devices/${first.id}`, owner.token, { dailyQuota: 8, paused: true, label: 'renamed' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ dailyQuota: 8, paused: true, label: 'renamed', quotaLeft: 8 });
    expect((await call('PATCH', `/v1/devices/${first.id}`, owner.token, { dailyQuota: -1 })).status).toBe(400);

    expect((await call('DELETE', `/v1/devices/${first.id}`, owner.token)).status).toBe(204);
    expect((await call('GET', '/v1/devices', owner.token)).body.items.map((device: Json) => device.id)).toEqual([second.id]);
    await eventually(() => expect(revoked).toContain(first.id));
  });
});

describe('operators', () => {
  it('see pools and phones, and release a quarantined phone', async () => {
    const owner = await signUp('erin');
    const phone = (await call('POST', '/v1/devices', owner.token, { phoneNumber: uniqueNumber('+20100'), label: 'pool phone' })).body;
    expect((await call('GET', '/v1/admin/pools', owner.token)).status).toBe(403);

    await bus.publish(DeviceOnline, { deviceId: phone.id, ownerId: owner.userId, gatewayInstanceId, at: new Date().toISOString() });
    await eventually(async () => {
      const pools = (await call('GET', '/v1/admin/pools?country=EG', admin)).body.items;
      expect(pools).toContainEqual(expect.objectContaining({ country: 'EG', carrier: 'vodafone', onlinePhones: 1, availablePhones: 1, quotaLeftToday: 5 }));
    });
    const online = await call('GET', '/v1/admin/devices?country=EG&carrier=vodafone&status=online', admin);
    expect(online.body.items.map((device: Json) => device.id)).toEqual([phone.id]);

    // One refused push: with the threshold at 0.9 the phone's score (2/3) quarantines it.
    const messageId = uuidv7();
    await bus.publish(MessageRequested, { messageId, organizationId: uuidv7(), to: uniqueNumber('+20100'), body: 'hi', messageType: 'otp', route: 'devices' });
    const push = await eventually(() => {
      const found = pushes.find((candidate) => candidate.messageId === messageId);
      if (!found) throw new Error('no push yet');
      return found;
    });
    const pools = (await call('GET', '/v1/admin/pools?country=EG', admin)).body.items;
    expect(pools).toContainEqual(expect.objectContaining({ carrier: 'vodafone', inFlightLeases: 1 }));
    await bus.publish(DeviceSendAcked, { leaseId: push.leaseId, messageId, deviceId: phone.id, accepted: false, reason: 'busy', at: new Date().toISOString() });
    await eventually(() => expect(disconnects).toContainEqual({ deviceId: phone.id, reason: 'quarantined' }));

    const quarantined = await call('GET', '/v1/admin/devices?status=quarantined', admin);
    expect(quarantined.body.items).toContainEqual(expect.objectContaining({ id: phone.id, quarantined: true }));
    const released = await call('PATCH', `/v1/admin/devices/${phone.id}`, admin, { quarantined: false });
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ quarantined: false, healthScore: 1, coolingDownUntil: null });
  });
});
