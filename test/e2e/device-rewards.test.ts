import { randomUUID } from 'node:crypto';
import { DeviceCanaryPassed, DeviceCanaryPassedPayload, MessageStatusChanged, MessageStatusPayload } from '@zagel/contracts';
import { generateMobileNumber, SimulatedAir } from '@zagel/device-simulator';
import { Schema } from '@zagel/sdk';
import { BusProbe, E2E_TIMINGS, TestCustomer, TestPhone, TestPhoneOwner, TestPlatform, until } from '@zagel/testing';

/**
 * Rewards only for proof: honest phones and one that lies (reports `sent` and `delivered` without
 * putting anything on the air) share a pool and a simulated air. Customer messages flow through the
 * public API; canaries run every second here (CANARY_INTERVAL_MS), at most one awaited per phone, and
 * are missed 3 s after the push (CANARY_DEADLINE_MS); three canary outcomes are enough to judge.
 */

const CANARY_DEADLINE_MS = 3_000;
const MIN_CANARIES = 3;
const platform = new TestPlatform({
  settings: {
    ...E2E_TIMINGS,
    DEVICE_SEND_TIMEOUT_MS: '10000',
    CANARY_INTERVAL_MS: '1000',
    // With this ceiling every round sends each idle phone a canary (chance = max × interval ÷ 24 h ≥ 1).
    CANARY_MAX_PER_DAY: '100000',
    CANARY_DEADLINE_MS: String(CANARY_DEADLINE_MS),
    DEVICE_PROOF_MIN_CANARIES: String(MIN_CANARIES),
  },
});
const air = new SimulatedAir();
let customer: TestCustomer;
let probe: BusProbe;

type RewardPage = Schema<'RewardPage'>;
type AdminDevice = Schema<'DeviceView'>;

const PHONE = { country: 'EG', carrier: 'Vodafone', air, latency: { minMs: 5, maxMs: 20 }, deliveredAfterMs: 50 } as const;

async function send(): Promise<string> {
  const to = await generateMobileNumber('EG', 'Vodafone');
  const accepted = await customer.app.post('/v1/messages', { to, body: `Your parcel ${randomUUID().slice(0, 8)} is on its way.`, type: 'transactional', route: 'devices' });
  return accepted.body.id;
}

/** Sends `count` messages and waits until each is delivered by a phone; answers their ids and phones. */
async function sendDelivered(count: number): Promise<{ id: string; deviceId: string }[]> {
  const sent = [];
  for (let index = 0; index < count; index += 1) {
    const id = await send();
    const view = await until(
      async () => {
        const message = (await customer.app.get(`/v1/messages/${id}`)).body;
        return message.status === 'delivered' ? message : undefined;
      },
      { what: `message ${id} to be delivered`, interval: 100 },
    );
    sent.push({ id, deviceId: String(view.deviceId) });
  }
  return sent;
}

const rewards = async (owner: TestPhoneOwner): Promise<RewardPage> => (await owner.api.get('/v1/rewards')).body;

async function adminDevices(query: string): Promise<AdminDevice[]> {
  const operator = await platform.asOperator();
  return (await operator.get(`/v1/admin/devices?${query}&limit=100`)).body.items;
}

beforeAll(async () => {
  await platform.start();
  customer = await platform.customer({ credit: 100_000 });
  probe = await platform.probe({ service: 'rewards-test', hears: [DeviceCanaryPassed, MessageStatusChanged] });
}, 180_000);

afterAll(() => platform.stop(), 60_000);

describe('a lying phone among honest ones', () => {
  let liarOwner: TestPhoneOwner;
  let liar: TestPhone;
  let honestOwners: TestPhoneOwner[];
  let honest: TestPhone[];
  let liarMessages: string[];
  let honestMessages: { id: string; deviceId: string }[];
  let canariesFrom: number;
  let quarantinedAfterMs: number;

  it('the liar carries customer messages and earns only pending rewards; honest phones are paid once their canaries arrive', async () => {
    // The liar alone first, with a quota of 3: fill-first gives it the first three messages.
    liarOwner = await platform.phoneOwner();
    liar = await platform.phone(liarOwner, { ...PHONE, behaviour: 'lie', label: 'liar' });
    (await liarOwner.api.patch(`/v1/devices/${liar.deviceId}`, { dailyQuota: 3 })).expectStatus(200);
    await until(() => liar.phone.configs.at(-1)?.dailyQuota === 3, { what: 'the liar to be told its quota' });
    const first = await sendDelivered(3);
    expect(first.map((message) => message.deviceId)).toEqual([liar.deviceId, liar.deviceId, liar.deviceId]);
    liarMessages = first.map((message) => message.id);
    // Nobody received them: the liar never put them on the air.
    expect(air.deliveries.filter((delivery) => delivery.from === liar.phoneNumber)).toEqual([]);

    // Three honest phones of three other owners: canaries now have receivers of another owner.
    honestOwners = [await platform.phoneOwner(), await platform.phoneOwner(), await platform.phoneOwner()];
    canariesFrom = Date.now();
    honest = [];
    for (const owner of honestOwners) honest.push(await platform.phone(owner, { ...PHONE, label: 'honest' }));
    honestMessages = await sendDelivered(3);
    expect(honestMessages.every((message) => honest.some((phone) => phone.deviceId === message.deviceId))).toBe(true);

    // Each honest phone is paid for what it carried once one of its canaries arrives: pending → paid.
    for (const [index, phone] of honest.entries()) {
      const carried = honestMessages.filter((message) => message.deviceId === phone.deviceId).length;
      await until(
        async () => {
          const page = await rewards(honestOwners[index]);
          return page.balance === carried && page.pendingTokens === 0 ? page : undefined;
        },
        { what: `honest phone ${index} to be paid ${carried} after a canary`, deadline: 30_000, interval: 200 },
      );
    }
    // The canaries themselves went through the air as ordinary texts, to phones of other owners.
    const canaryTexts = air.deliveries.filter((delivery) => honest.some((phone) => phone.phoneNumber === delivery.from));
    expect(canaryTexts.length).toBeGreaterThan(0);
    for (const delivery of canaryTexts) expect(delivery.body).not.toMatch(/canary|zagel|test|code/i);
  });

  it('the liar is quarantined: out of the pools, its rewards held, listed for operators with its proven-delivery rate', async () => {
    const [listed] = await until(
      async () => {
        const quarantined = await adminDevices('quarantined=true');
        return quarantined.length > 0 ? quarantined : undefined;
      },
      { what: 'the liar to be quarantined', deadline: 60_000, interval: 200 },
    );
    quarantinedAfterMs = Date.now() - canariesFrom;
    process.stdout.write(`lying phone quarantined ${(quarantinedAfterMs / 1000).toFixed(1)} s after canaries could start (interval 1 s, deadline ${CANARY_DEADLINE_MS / 1000} s, ${MIN_CANARIES} canaries to judge)\n`);
    expect(listed).toMatchObject({ id: liar.deviceId, quarantined: true, banned: false, provenDeliveryRate: 0 });
    expect((await adminDevices('quarantined=true')).map((device) => device.id)).toEqual([liar.deviceId]);
    // The honest phones, not quarantined, show a perfect proven-delivery rate.
    const others = await adminDevices('quarantined=false');
    for (const phone of honest) expect(others.find((device) => device.id === phone.deviceId)).toMatchObject({ quarantined: false, provenDeliveryRate: 1 });
    await until(() => liar.phone.disconnectNotices.some((notice) => notice.reason === 'quarantined'), { what: 'the liar to be told it is quarantined' });

    // It earned nothing: what it claimed is held, never paid, and no canary of it ever passed.
    expect(await rewards(liarOwner)).toMatchObject({ balance: 0, pendingTokens: 3, items: [] });
    expect(probe.heard(DeviceCanaryPassed).filter((event) => event.deviceId === liar.deviceId)).toEqual([]);

    // No more traffic for it: the next message goes to an honest phone.
    const [next] = await sendDelivered(1);
    expect(honest.map((phone) => phone.deviceId)).toContain(next.deviceId);
    honestMessages.push(next);
  });

  it('refuses a bad query and an unknown phone with problems', async () => {
    const operator = await platform.asOperator();
    (await operator.request('GET', '/v1/admin/devices?quarantined=maybe')).expectStatus(400);
    (await operator.request('POST', `/v1/admin/devices/${randomUUID()}/release`)).expectStatus(404);
  });

  it('an operator releases it (its record starts again, its rewards still held), then bans it (rewards forfeited, token revoked)', async () => {
    const operator = await platform.asOperator();
    const released = (await operator.post(`/v1/admin/devices/${liar.deviceId}/release`)).expectStatus(200);
    expect(released).toMatchObject({ id: liar.deviceId, quarantined: false, banned: false, provenDeliveryRate: null });
    expect(await adminDevices('quarantined=true')).toEqual([]);
    expect(await rewards(liarOwner)).toMatchObject({ balance: 0, pendingTokens: 3 });

    const banned = (await operator.post(`/v1/admin/devices/${liar.deviceId}/ban`)).expectStatus(200);
    expect(banned).toMatchObject({ id: liar.deviceId, quarantined: true, banned: true });
    await until(async () => (await rewards(liarOwner)).pendingTokens === 0, { what: "the banned phone's pending rewards to be forfeited" });
    expect(await rewards(liarOwner)).toMatchObject({ balance: 0, items: [] });
    expect((await adminDevices('quarantined=true')).map((device) => device.id)).toEqual([liar.deviceId]);
    // Banned for good: no release, and its token no longer connects.
    (await operator.request('POST', `/v1/admin/devices/${liar.deviceId}/release`)).expectStatus(409);
    await until(
      async () => {
        try {
          await liar.phone.connect();
          liar.phone.close();
          return undefined;
        } catch (error) {
          return (error as Error).message === 'token_revoked' ? true : undefined;
        }
      },
      { what: "the banned phone's token to be refused" },
    );
  });

  it('pays nothing twice: redelivered canary and delivery events change no balance', async () => {
    // Every earned message paid, none pending, and only customers' messages rewarded (never a canary).
    const earned = new Map<string, number>();
    for (const [index, owner] of honestOwners.entries()) {
      const carried = honestMessages.filter((message) => message.deviceId === honest[index].deviceId).map((message) => message.id);
      await until(async () => (await rewards(owner)).balance === carried.length, { what: `honest owner ${index} to be paid for every message` });
      const page = await rewards(owner);
      expect(page.items.map((item) => item.messageId).sort()).toEqual([...carried].sort());
      earned.set(owner.userId, page.balance);
    }
    platform.disconnectPhones();
    await platform.drained({ deadline: 30_000 });

    const passed = probe.heard(DeviceCanaryPassed) as DeviceCanaryPassedPayload[];
    const delivered = (probe.heard(MessageStatusChanged) as MessageStatusPayload[]).filter((event) => event.status === 'delivered' && event.route === 'device');
    expect(passed.length).toBeGreaterThan(0);
    expect(delivered.length).toBeGreaterThan(0);
    for (const event of passed) await probe.publish(DeviceCanaryPassed, event);
    for (const event of delivered) await probe.publish(MessageStatusChanged, event);
    await platform.drained({ deadline: 30_000 });

    for (const owner of honestOwners) expect((await rewards(owner)).balance).toBe(earned.get(owner.userId));
    expect(await rewards(liarOwner)).toMatchObject({ balance: 0, pendingTokens: 0 });
    // The customer sees only its own messages: canaries are no customer's.
    const listed = (await customer.app.get('/v1/messages?limit=100')).body.items;
    expect(listed).toHaveLength(liarMessages.length + honestMessages.length);
  });
});
