import { InboundSmsReceived } from '@zagel/contracts';
import { BusProbe, TestPlatform } from '@zagel/testing';
import { GatewayDesk } from './support/gateway-desk';

describe("device-gateway: a phone's sms:received", () => {
  const platform = new TestPlatform({ services: ['auth', 'device-gateway'] });
  let gateway: GatewayDesk;
  /** Plays ingestion: hears the inbound SMS the gateway hands to the bus. */
  let ingestion: BusProbe;

  beforeAll(async () => {
    await platform.start();
    gateway = await GatewayDesk.open(platform);
    ingestion = await platform.probe({ service: 'inbound-test-ingestion', hears: [InboundSmsReceived] });
  }, 120_000);
  afterAll(async () => {
    gateway?.closePhones();
    await platform.stop();
  }, 60_000);

  it('is on the bus as inbound.sms-received, from the device the token names, before the phone is told ok; a repeat gets the same key', async () => {
    const { device, phone } = await gateway.connectedPhone();
    const receivedAt = new Date('2026-12-03T10:00:00.000Z');

    expect(await phone.receiveSms('+201001234567', 'Yes, 5 pm works', receivedAt)).toEqual({ ok: true });
    // Acked only after the broker confirmed: the probe's queue already holds it or soon delivers it.
    const event = await ingestion.waitFor(InboundSmsReceived, (heard) => heard.deviceId === device.deviceId);
    expect(event).toEqual({
      dedupeKey: expect.stringMatching(new RegExp(`^device:${device.deviceId}:[0-9a-f]{64}$`)),
      channel: 'device',
      deviceId: device.deviceId,
      from: '+201001234567',
      body: 'Yes, 5 pm works',
      receivedAt: receivedAt.toISOString(),
    });

    expect(await phone.receiveSms('+201001234567', 'Yes, 5 pm works', receivedAt)).toEqual({ ok: true });
    expect(await phone.receiveSms('+201001234567', 'Yes, 6 pm works', receivedAt)).toEqual({ ok: true });
    await ingestion.waitFor(InboundSmsReceived, (heard) => heard.body === 'Yes, 6 pm works');
    const keys = ingestion.heard(InboundSmsReceived).filter((heard) => heard.deviceId === device.deviceId).map((heard) => heard.dedupeKey);
    expect(keys).toEqual([event.dedupeKey, event.dedupeKey, expect.not.stringMatching(event.dedupeKey)]);
  });

  it('refuses a malformed report, and one that names a device, publishing nothing', async () => {
    const { device, phone } = await gateway.connectedPhone();
    const invalid = { ok: false, error: 'invalid_payload' };
    expect(await phone.emitRaw('sms:received', { from: '+201001234567', receivedAt: new Date().toISOString() })).toEqual(invalid);
    expect(await phone.emitRaw('sms:received', { from: '', body: 'x', receivedAt: new Date().toISOString() })).toEqual(invalid);
    expect(await phone.emitRaw('sms:received', { from: '+201001234567', body: 'x', receivedAt: 'yesterday' })).toEqual(invalid);
    expect(await phone.emitRaw('sms:received', { from: '+201001234567', body: 'x', receivedAt: new Date().toISOString(), deviceId: device.deviceId })).toEqual(invalid);

    // A valid report after them is the first and only one heard from this phone.
    expect(await phone.receiveSms('+201001234567', 'after')).toEqual({ ok: true });
    await ingestion.waitFor(InboundSmsReceived, (heard) => heard.deviceId === device.deviceId);
    await platform.drained();
    expect(ingestion.heard(InboundSmsReceived).filter((heard) => heard.deviceId === device.deviceId).map((heard) => heard.body)).toEqual(['after']);
  });
});
