import { sign } from 'jsonwebtoken';
import { generateKeyPairSync } from 'node:crypto';
import { DeviceOffline, DeviceOnline, DeviceSendAcked, DeviceSmsStatus, RevokeDeviceToken } from '@zagel/contracts';
import { eventually, TestPlatform } from '@zagel/testing';
import { GatewayDesk } from './support/gateway-desk';

const MAX_PAYLOAD_BYTES = 4_096;
const EVENTS_PER_SECOND = 5;

describe('device-gateway: connections, tokens and input checks', () => {
  const platform = new TestPlatform({ services: ['auth', 'device-gateway'], settings: { DEVICE_MAX_PAYLOAD_BYTES: String(MAX_PAYLOAD_BYTES), DEVICE_EVENTS_PER_SECOND: String(EVENTS_PER_SECOND) } });
  let gateway: GatewayDesk;

  beforeAll(async () => {
    await platform.start();
    gateway = await GatewayDesk.open(platform);
  }, 120_000);
  afterAll(async () => {
    gateway?.closePhones();
    await platform.stop();
  }, 60_000);

  describe('handshake', () => {
    it('refuses a connection without a token, with a garbage token or with a token auth did not sign', async () => {
      const device = await gateway.device();
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const forged = sign({ sub: device.deviceId, owner: gateway.ownerId, typ: 'device' }, privateKey, {
        algorithm: 'RS256',
        keyid: 'forged',
        expiresIn: 3_600,
      });
      await expect(gateway.phone({ ...device, token: '' }).connect()).rejects.toThrow('missing_token');
      await expect(gateway.phone({ ...device, token: 'not.a.jwt' }).connect()).rejects.toThrow('invalid_token');
      await expect(gateway.phone({ ...device, token: forged }).connect()).rejects.toThrow('invalid_token');
      expect(gateway.received(DeviceOnline).some((event) => event.deviceId === device.deviceId)).toBe(false);
    });

    it('drops the live socket when the token is revoked, and refuses the token from then on', async () => {
      const { device, phone } = await gateway.connectedPhone();
      await gateway.dispatcher.rpc.call(RevokeDeviceToken, 'auth', { deviceId: device.deviceId }, { timeoutMs: 10_000 });
      await eventually(() => expect(phone.disconnectNotices).toEqual([{ reason: 'revoked' }]));
      await eventually(() => expect(phone.connected).toBe(false));
      await gateway.waitFor(DeviceOffline, (event) => event.deviceId === device.deviceId);
      await expect(gateway.phone(device).connect()).rejects.toThrow('token_revoked');
    });
  });

  describe('one connection per device', () => {
    it('replaces the old connection with the new one: the old is told, the device stays online', async () => {
      const { device, phone: first, instanceId } = await gateway.connectedPhone();
      const onlineBefore = gateway.received(DeviceOnline).filter((event) => event.deviceId === device.deviceId).length;
      const second = gateway.phone(device);
      await second.connect();
      await eventually(() => expect(first.replaced).toBe(true));
      await eventually(() => expect(first.connected).toBe(false));
      await eventually(() => expect(gateway.received(DeviceOnline).filter((event) => event.deviceId === device.deviceId)).toHaveLength(onlineBefore + 1));

      const push = await gateway.push(instanceId, gateway.pushPayload(device.deviceId));
      await gateway.waitFor(DeviceSendAcked, (event) => event.leaseId === push.leaseId);
      expect(second.received.map((message) => message.messageId)).toEqual([push.messageId]);
      expect(first.received).toEqual([]);
      // The replaced socket's close is not the device going offline.
      await gateway.heartbeatBarrier(second);
      expect(gateway.received(DeviceOffline).some((event) => event.deviceId === device.deviceId)).toBe(false);
    });

    it('a heartbeat that finds no presence (Redis lost it) takes it again and announces the phone online once more', async () => {
      const { device, phone, instanceId } = await gateway.connectedPhone();
      const online = () => gateway.received(DeviceOnline).filter((event) => event.deviceId === device.deviceId);
      await gateway.heartbeatBarrier(phone);
      expect(online()).toHaveLength(1);

      const redis = await platform.redis();
      const presence = platform.namespace.namespace.redisKey(`device-gateway:presence:${device.deviceId}`);
      expect(await redis.exists(presence)).toBe(1);
      await redis.del(presence);
      await gateway.heartbeatBarrier(phone);
      await eventually(() => expect(online()).toHaveLength(2));
      expect(online()[1]).toMatchObject({ ownerId: gateway.ownerId, gatewayInstanceId: instanceId });
      expect(await redis.hGetAll(presence)).toMatchObject({ instanceId, ownerId: gateway.ownerId });
      // Held again: the next heartbeat only refreshes it.
      await gateway.heartbeatBarrier(phone);
      expect(online()).toHaveLength(2);
    });
  });

  describe('what phones send', () => {
    it('refuses malformed payloads, unknown events and reports about messages the phone does not hold, leaving other phones alone', async () => {
      const bystander = await gateway.connectedPhone({ behaviour: 'ack-only' });
      const held = await gateway.push(bystander.instanceId, gateway.pushPayload(bystander.device.deviceId));
      await gateway.waitFor(DeviceSendAcked, (event) => event.leaseId === held.leaseId);

      const { phone } = await gateway.connectedPhone();
      const invalid = { ok: false, error: 'invalid_payload' };
      expect(await phone.emitRaw('sms:status', 'sent')).toEqual(invalid);
      expect(await phone.emitRaw('sms:status', { messageId: held.messageId, status: 'read', at: new Date().toISOString() })).toEqual(invalid);
      expect(await phone.emitRaw('sms:status', { messageId: held.messageId, status: 'sent' })).toEqual(invalid);
      expect(await phone.emitRaw('sms:status', { messageId: held.messageId, status: 'sent', at: new Date().toISOString(), leaseId: held.leaseId })).toEqual(invalid);
      expect(await phone.emitRaw('device:heartbeat', { battery: 500 })).toEqual(invalid);
      expect(await phone.emitRaw('device:heartbeat', { carrier: { mcc: 'abc', mnc: '1' } })).toEqual(invalid);
      expect(await phone.emitRaw('sms:delete', { messageId: held.messageId })).toEqual({ ok: false, error: 'unknown_event' });
      // Another phone's message: refused, and it changes nothing for the phone that holds it.
      expect(await phone.reportStatus(held.messageId, 'failed')).toEqual({ ok: false, error: 'unknown_message' });
      await gateway.heartbeatBarrier(phone);
      expect(phone.connected).toBe(true);
      expect(gateway.received(DeviceSmsStatus).some((event) => event.messageId === held.messageId)).toBe(false);

      expect(await bystander.phone.reportStatus(held.messageId, 'sent')).toEqual({ ok: true });
      expect(await gateway.waitFor(DeviceSmsStatus, (event) => event.leaseId === held.leaseId)).toMatchObject({ deviceId: bystander.device.deviceId, status: 'sent' });
    });

    it('closes a connection that sends an oversized payload, and only that one', async () => {
      const bystander = await gateway.connectedPhone();
      const { device, phone } = await gateway.connectedPhone();
      await phone.emitRaw('device:heartbeat', { battery: 50, padding: 'x'.repeat(MAX_PAYLOAD_BYTES * 2) });
      await eventually(() => expect(phone.connected).toBe(false));
      await gateway.waitFor(DeviceOffline, (event) => event.deviceId === device.deviceId);

      expect(bystander.phone.connected).toBe(true);
      const push = await gateway.push(bystander.instanceId, gateway.pushPayload(bystander.device.deviceId));
      expect(await gateway.waitFor(DeviceSendAcked, (event) => event.leaseId === push.leaseId)).toMatchObject({ accepted: true });
    });

    it('refuses events over the per-socket rate', async () => {
      const { phone } = await gateway.connectedPhone();
      const answers = await Promise.all(Array.from({ length: EVENTS_PER_SECOND * 4 }, () => phone.heartbeat()));
      const refused = answers.filter((answer) => !answer.ok);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.every((answer) => !answer.ok && answer.error === 'rate_limited')).toBe(true);
      expect(answers.filter((answer) => answer.ok).length).toBeLessThanOrEqual(EVENTS_PER_SECOND * 2 + 1);
      expect(phone.connected).toBe(true);
    });
  });
});
