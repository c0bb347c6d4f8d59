import { eventually } from '@zagel/testing';
import { DispatchHarness } from './dispatch-harness';

const VODAFONE_EG = '+20100';
const ACK_TIMEOUT_MS = 6_000;
const harness = new DispatchHarness({
  DEVICE_ACK_TIMEOUT_MS: String(ACK_TIMEOUT_MS),
  DEVICE_COOLDOWN_SECONDS: '120',
  LEASE_POLL_INTERVAL_MS: '50',
  // Twenty leases open on the silent phone at once: this fake gateway, unlike the real one, holds any number.
  DEVICE_MAX_IN_FLIGHT: '50',
});

beforeAll(() => harness.start(), 120_000);
afterAll(() => harness.stop(), 60_000);
afterEach(() => harness.disconnectAll());

describe('lease timers live in Redis, not in a process', () => {
  it('a lease handed out by an instance that crashed still times out on another, once', async () => {
    const silent = await harness.registerPhone(VODAFONE_EG, 'silent');
    const good = await harness.registerPhone(VODAFONE_EG, 'sends');
    await harness.connect(silent.id, good.id);

    const request = await harness.request({ to: harness.number(VODAFONE_EG) });
    const [first] = await harness.waitForPushes(request.messageId, 1);
    expect(first.payload.deviceId).toBe(silent.id);
    await harness.platform.processes.get('pool-dispatcher')!.kill();

    await harness.startAnotherDispatcher();
    const pushes = await harness.waitForPushes(request.messageId, 2, ACK_TIMEOUT_MS + 10_000);
    expect(pushes[1].payload.deviceId).toBe(good.id);
    expect(pushes[1].receivedAt - first.receivedAt).toBeGreaterThanOrEqual(ACK_TIMEOUT_MS - 100);
    await harness.waitForStatus(request.messageId, 'sent');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(harness.pushesFor(request.messageId)).toHaveLength(2);
  }, 60_000);

  it('with two instances polling the same deadlines, every expired lease moves on exactly once', async () => {
    await harness.startAnotherDispatcher();
    const silent = await harness.registerPhone(VODAFONE_EG, 'silent');
    await harness.setQuota(silent.id, 50);
    const good = await harness.registerPhone(VODAFONE_EG, 'sends');
    await harness.setQuota(good.id, 50);
    await harness.connect(silent.id, good.id);

    const requests = [];
    for (let index = 0; index < 20; index += 1) requests.push(await harness.request({ to: harness.number(VODAFONE_EG) }));
    for (const request of requests) await harness.waitForStatus(request.messageId, 'sent', ACK_TIMEOUT_MS + 15_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const request of requests) {
      expect(harness.pushesFor(request.messageId).map((push) => push.payload.deviceId)).toEqual([silent.id, good.id]);
      expect(harness.statusesFor(request.messageId).filter((status) => status.status === 'sent')).toHaveLength(1);
    }
    await eventually(async () => {
      const [counts] = await harness.query<{ timed_out: string }>(
        `SELECT count(*) AS timed_out FROM delivery_attempts WHERE device_id = $1 AND outcome = 'timed_out'`,
        [silent.id],
      );
      expect(Number(counts.timed_out)).toBe(20);
    });
  }, 90_000);
});
