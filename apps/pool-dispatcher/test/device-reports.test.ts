import { DeviceReports, DeviceReportsPayload } from '@zagel/contracts';
import { TestPlatform, until } from '@zagel/testing';
import { DispatchDesk } from './support/dispatch-desk';

/** `device.reports`: a gateway's acks, statuses and returns of many leases in one bus message. */

const VODAFONE_EG = '+20100';

const platform = new TestPlatform({
  services: ['auth', 'pool-dispatcher'],
  settings: { DEVICE_ACK_TIMEOUT_MS: '60000', DEVICE_COOLDOWN_SECONDS: '120', LEASE_POLL_INTERVAL_MS: '50', DISPATCH_STRATEGY: 'fill-first' },
});
let dispatch: DispatchDesk;

beforeAll(async () => {
  await platform.start();
  dispatch = await DispatchDesk.open(platform);
}, 120_000);
afterAll(() => platform.stop(), 60_000);
afterEach(() => dispatch.disconnectAll());

const at = () => new Date().toISOString();

describe('a batch of device reports', () => {
  it("handles each lease's ack, sent and delivered in order, and a return moves its message on; redelivered, nothing happens twice", async () => {
    const carrier = await dispatch.registerPhone(VODAFONE_EG, 'manual');
    const bouncer = await dispatch.registerPhone(VODAFONE_EG, 'manual');
    const spare = await dispatch.registerPhone(VODAFONE_EG, 'manual');
    await dispatch.setQuota(carrier.id, 1);
    await dispatch.setQuota(bouncer.id, 1);
    await dispatch.connect(carrier.id, bouncer.id, spare.id);
    const sent = await dispatch.request({ to: dispatch.number(VODAFONE_EG), messageType: 'transactional' });
    const [first] = await dispatch.waitForPushes(sent.messageId, 1);
    const bounced = await dispatch.request({ to: dispatch.number(VODAFONE_EG), messageType: 'transactional' });
    const [second] = await dispatch.waitForPushes(bounced.messageId, 1);
    expect([first.payload.deviceId, second.payload.deviceId]).toEqual([carrier.id, bouncer.id]);

    const lease = (push: typeof first) => ({ leaseId: push.payload.leaseId, messageId: push.payload.messageId, deviceId: push.payload.deviceId });
    const batch: DeviceReportsPayload = {
      acks: [{ ...lease(first), accepted: true, at: at() }],
      statuses: [
        { ...lease(first), status: 'sent', at: at() },
        { ...lease(first), status: 'delivered', at: at() },
      ],
      returns: [{ ...lease(second), reason: 'disconnected', at: at() }],
    };
    await dispatch.bus.publish(DeviceReports, batch);
    await dispatch.waitForStatus(sent.messageId, 'delivered');
    const [, moved] = await dispatch.waitForPushes(bounced.messageId, 2);
    expect(moved.payload.deviceId).toBe(spare.id);

    await dispatch.bus.publish(DeviceReports, batch);
    await platform.drained();

    expect(dispatch.statusesFor(sent.messageId).map((status) => status.status)).toEqual(['routing', 'sent', 'delivered']);
    expect(dispatch.pushesFor(bounced.messageId)).toHaveLength(2);
    const attempts = await dispatch.query<{ lease_id: string; outcome: string; acked_at: Date | null }>(
      `SELECT lease_id, outcome, acked_at FROM delivery_attempts WHERE message_id = ANY($1::uuid[]) ORDER BY leased_at`,
      [[sent.messageId, bounced.messageId]],
    );
    expect(attempts).toEqual([
      { lease_id: first.payload.leaseId, outcome: 'delivered', acked_at: expect.any(Date) },
      { lease_id: second.payload.leaseId, outcome: 'returned', acked_at: null },
      { lease_id: moved.payload.leaseId, outcome: 'leased', acked_at: null },
    ]);
    await until(async () => (await dispatch.device(carrier.id)).successRate === 1 || undefined, { what: 'the carrier to be credited once' });
  }, 30_000);
});
