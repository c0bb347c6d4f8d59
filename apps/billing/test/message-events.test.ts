import { v7 as uuidv7 } from 'uuid';
import {
  DeviceBanned,
  DeviceCanaryPassed,
  GetBalance,
  GetRewardSummary,
  ListRewards,
  MessageStatus,
  MessageStatusChanged,
  MessageStatusPayload,
  OtpVerified,
  ReserveBalance,
} from '@zagel/contracts';
import { BillingDesk, eventually, TestPlatform } from '@zagel/testing';

const OTP_PRICING = { country: 'EG', messageType: 'otp' as const, segments: 1 };
const PROMO_PRICING = { country: 'EG', messageType: 'promotional' as const, segments: 2 };

describe('billing on message events', () => {
  const platform = new TestPlatform({ services: ['billing'], settings: { REWARD_TOKENS_PER_SMS: '3' } });
  let billing: BillingDesk;

  beforeAll(async () => {
    await platform.start();
    billing = await BillingDesk.open(platform);
  }, 120_000);
  afterAll(() => platform.stop(), 60_000);
  afterEach(async () => {
    expect(await billing.unbalancedTransactions()).toEqual([]);
    expect(await billing.driftedAccounts()).toEqual([]);
  });

  function status(organizationId: string, messageId: string, value: MessageStatus, extra: Partial<MessageStatusPayload> = {}) {
    return billing.client.publish(MessageStatusChanged, { messageId, organizationId, status: value, origin: 'api', at: new Date().toISOString(), ...extra });
  }

  async function reservations(organizationId: string): Promise<{ status: string; captured_amount: string }[]> {
    return billing.db.query(`SELECT status, captured_amount FROM reservations WHERE organization_id = $1 ORDER BY id`, [organizationId]);
  }

  it('captures the device route price on sent, and a later failure changes nothing', async () => {
    const organizationId = await billing.fundedOrganization(100);
    const messageId = uuidv7();
    await billing.call(ReserveBalance, { organizationId, amount: 6, reference: messageId, pricing: OTP_PRICING });
    await status(organizationId, messageId, 'sent', { route: 'device' });
    await eventually(async () => expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ balance: 97, reserved: 0 }));
    await status(organizationId, messageId, 'failed');
    await status(organizationId, messageId, 'delivered', { route: 'device' });
    await platform.drained();
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ balance: 97, reserved: 0, available: 97 });
    expect(await reservations(organizationId)).toEqual([{ status: 'captured', captured_amount: '3' }]);
  });

  it('releases on failure, and a capture arriving after the release is harmless', async () => {
    const organizationId = await billing.fundedOrganization(100);
    const messageId = uuidv7();
    await billing.call(ReserveBalance, { organizationId, amount: 6, reference: messageId, pricing: OTP_PRICING });
    await status(organizationId, messageId, 'failed');
    await eventually(async () => expect(await reservations(organizationId)).toEqual([{ status: 'released', captured_amount: '0' }]));
    await status(organizationId, messageId, 'sent', { route: 'provider' });
    await platform.drained();
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ balance: 100, reserved: 0 });
  });

  it('captures the provider price, never more than was reserved', async () => {
    const organizationId = await billing.fundedOrganization(100);
    const messageId = uuidv7();
    await billing.call(ReserveBalance, { organizationId, amount: 8, reference: messageId, pricing: PROMO_PRICING });
    await status(organizationId, messageId, 'delivered', { route: 'provider' });
    await eventually(async () => expect(await reservations(organizationId)).toEqual([{ status: 'captured', captured_amount: '8' }]));
  });

  it('rewards a verified OTP once, however often the event comes', async () => {
    const organizationId = await billing.fundedOrganization(100);
    const ownerId = uuidv7();
    const deviceId = uuidv7();
    const messageId = uuidv7();
    await billing.call(ReserveBalance, { organizationId, amount: 6, reference: messageId, pricing: OTP_PRICING });
    const verified = { verificationId: uuidv7(), organizationId, messageId, to: '+201001234567', deviceId, deviceOwnerId: ownerId, verifiedAt: new Date().toISOString() };
    const eventId = uuidv7();
    await billing.client.publish(OtpVerified, verified, { messageId: eventId });
    await billing.client.publish(OtpVerified, verified, { messageId: eventId });
    await billing.client.publish(OtpVerified, verified);
    // The OTP's device delivery is not rewarded a second time.
    await status(organizationId, messageId, 'delivered', { route: 'device', deviceId, deviceOwnerId: ownerId });
    await eventually(async () => expect(await billing.call(GetRewardSummary, { ownerId })).toEqual({ balance: 3, byDevice: [{ deviceId, earned: 3, rewardedMessages: 1 }] }));
    await platform.drained();
    expect(await billing.call(GetRewardSummary, { ownerId })).toMatchObject({ balance: 3 });
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ balance: 97, reserved: 0 });
  });

  it('holds device deliveries of other traffic as pending until a canary proves the phone, pays each once, forfeits on a ban, and lists the history', async () => {
    const organizationId = await billing.fundedOrganization(100);
    const ownerId = uuidv7();
    const [phoneA, phoneB] = [uuidv7(), uuidv7()];
    const messages = [uuidv7(), uuidv7(), uuidv7()];
    for (const messageId of messages) {
      await billing.call(ReserveBalance, { organizationId, amount: 4, reference: messageId, pricing: PROMO_PRICING });
    }
    const delivered = (messageId: string, deviceId: string) =>
      status(organizationId, messageId, 'delivered', { route: 'device', deviceId, deviceOwnerId: ownerId });
    await delivered(messages[0], phoneA);
    await delivered(messages[0], phoneA);
    await delivered(messages[1], phoneA);
    await delivered(messages[2], phoneB);
    // No reservation at all (unknown type): treated as non-OTP.
    await delivered(uuidv7(), phoneB);
    // A phone's word earns nothing yet: four messages pending (the repeat is one).
    await eventually(async () => expect(await billing.call(ListRewards, { ownerId })).toMatchObject({ balance: 0, pendingTokens: 12, items: [] }));
    const provenAt = new Date().toISOString();
    const passedA = { canaryId: uuidv7(), deviceId: phoneA, ownerId, provenAt };
    await billing.client.publish(DeviceCanaryPassed, passedA);
    await billing.client.publish(DeviceCanaryPassed, passedA);
    await billing.client.publish(DeviceCanaryPassed, { canaryId: uuidv7(), deviceId: phoneB, ownerId, provenAt });
    await eventually(async () => expect((await billing.call(GetRewardSummary, { ownerId })).balance).toBe(12));
    // Redelivered reports after the payment change nothing.
    await delivered(messages[0], phoneA);
    await billing.client.publish(DeviceCanaryPassed, { canaryId: uuidv7(), deviceId: phoneA, ownerId, provenAt: new Date().toISOString() });
    const summary = await billing.call(GetRewardSummary, { ownerId });
    expect(summary.byDevice.sort((a, b) => a.deviceId.localeCompare(b.deviceId))).toEqual(
      [
        { deviceId: phoneA, earned: 6, rewardedMessages: 2 },
        { deviceId: phoneB, earned: 6, rewardedMessages: 2 },
      ].sort((a, b) => a.deviceId.localeCompare(b.deviceId)),
    );
    const first = await billing.call(ListRewards, { ownerId, limit: 3 });
    expect(first.items).toHaveLength(3);
    expect(first.items[0]).toMatchObject({ tokens: 3, source: 'delivered' });
    const second = await billing.call(ListRewards, { ownerId, limit: 3, cursor: first.nextCursor });
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeUndefined();
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ balance: 88, reserved: 0 });

    // A ban forfeits what the phone had pending: a later canary of it (there is none for a banned phone) would pay nothing.
    const unproven = uuidv7();
    await billing.call(ReserveBalance, { organizationId, amount: 4, reference: unproven, pricing: PROMO_PRICING });
    await delivered(unproven, phoneB);
    await eventually(async () => expect((await billing.call(ListRewards, { ownerId })).pendingTokens).toBe(3));
    await billing.client.publish(DeviceBanned, { deviceId: phoneB, ownerId, bannedAt: new Date().toISOString() });
    await eventually(async () => expect((await billing.call(ListRewards, { ownerId })).pendingTokens).toBe(0));
    await billing.client.publish(DeviceCanaryPassed, { canaryId: uuidv7(), deviceId: phoneB, ownerId, provenAt: new Date().toISOString() });
    await platform.drained();
    expect((await billing.call(GetRewardSummary, { ownerId })).balance).toBe(12);
  });
});
