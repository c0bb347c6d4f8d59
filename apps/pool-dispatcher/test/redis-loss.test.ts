import { AdminListPools } from '@zagel/contracts';
import { deleteNamespaceKeys, eventually, TestPlatform, until } from '@zagel/testing';
import { DispatchDesk } from './support/dispatch-desk';

const VODAFONE_EG = '+20100';

/**
 * Redis loses everything mid-run (every key of this run's namespace deleted, as a flush or a
 * restart without persistence would): the dispatcher notices without a restart, rebuilds the quota
 * windows from its attempt rows, and the pools fill again as the phones announce themselves.
 */
const platform = new TestPlatform({
  services: ['auth', 'pool-dispatcher'],
  settings: { DEVICE_COOLDOWN_SECONDS: '600', DISPATCH_STRATEGY: 'fill-first', LEASE_POLL_INTERVAL_MS: '50' },
});
let dispatch: DispatchDesk;

beforeAll(async () => {
  await platform.start();
  dispatch = await DispatchDesk.open(platform);
}, 120_000);
afterAll(() => platform.stop(), 60_000);

async function availablePhones(): Promise<number> {
  const { items } = await dispatch.bus.rpc.call(AdminListPools, 'pool-dispatcher', { country: 'EG' });
  return items.find((pool) => pool.carrier === 'vodafone')?.availablePhones ?? 0;
}

/** Sends one message; answers the phone that sent it, or null if it went to the providers or failed. */
async function sendOne(route: 'auto' | 'devices' = 'devices'): Promise<string | null> {
  const request = await dispatch.request({ to: dispatch.number(VODAFONE_EG), route });
  return until(
    () => {
      const sent = dispatch.statusesFor(request.messageId).find((status) => status.status === 'sent');
      if (sent) return { deviceId: sent.deviceId ?? null };
      const elsewhere =
        dispatch.statusesFor(request.messageId).some((status) => status.status === 'failed') ||
        dispatch.providerSends.some((send) => send.messageId === request.messageId);
      return elsewhere ? { deviceId: null } : undefined;
    },
    { what: `message ${request.messageId} to be sent by a phone or not at all`, deadline: 15_000 },
  ).then((outcome) => outcome.deviceId);
}

it('after Redis lost its data, the pools come back as phones announce themselves, and the units spent before still count', async () => {
  const first = await dispatch.registerPhone(VODAFONE_EG);
  const second = await dispatch.registerPhone(VODAFONE_EG);
  await dispatch.connect(first.id, second.id);
  await dispatch.setQuota(first.id, 3);

  // fill-first: the first phone sends two; then it refuses one (that unit is given back) and is dropped.
  expect([await sendOne(), await sendOne()]).toEqual([first.id, first.id]);
  dispatch.behaviour.set(first.id, 'rejects');
  expect(await sendOne()).toBe(second.id);
  await eventually(async () => expect(await dispatch.device(first.id)).toMatchObject({ sentToday: 2, coolingDownUntil: expect.any(String) }));
  await eventually(async () => {
    const attempts = await dispatch.query<{ device_id: string; outcome: string }>(`SELECT device_id, outcome FROM delivery_attempts ORDER BY leased_at`);
    expect(attempts.map((attempt) => [attempt.device_id, attempt.outcome])).toEqual([
      [first.id, 'sent'],
      [first.id, 'sent'],
      [first.id, 'rejected'],
      [second.id, 'sent'],
    ]);
  });

  await deleteNamespaceKeys(platform.namespace);

  // Nothing in the pools now: a message goes to the providers.
  expect(await sendOne('auto')).toBeNull();
  // The phones' gateway announces them again (the device-gateway does it at their next heartbeat).
  const configured = dispatch.configures.length;
  dispatch.behaviour.set(first.id, 'sends');
  await dispatch.connect(first.id, second.id);
  await until(() => dispatch.configures.length >= configured + 2, { what: 'both phones configured again' });
  await eventually(async () => {
    // The windows were rebuilt from the attempt rows: the refused unit was given back, the others still count.
    expect(await dispatch.device(first.id)).toMatchObject({ online: true, sentToday: 2, quotaLeft: 1 });
    expect(await dispatch.device(second.id)).toMatchObject({ online: true, sentToday: 1 });
    expect(await availablePhones()).toBe(2);
  });

  // The first phone (its cool-down was lost with Redis) has one unit left of its three, not three.
  expect(await sendOne()).toBe(first.id);
  expect(await sendOne()).toBe(second.id);
  expect(await dispatch.device(first.id)).toMatchObject({ sentToday: 3, quotaLeft: 0 });
}, 90_000);
