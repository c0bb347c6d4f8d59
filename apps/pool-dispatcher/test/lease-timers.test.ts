import { eventually, TestPlatform } from '@zagel/testing';
import { DispatchDesk } from './support/dispatch-desk';

const VODAFONE_EG = '+20100';
const ACK_TIMEOUT_MS = 6_000;
const platform = new TestPlatform({
  services: ['auth', 'pool-dispatcher'],
  settings: {
  DEVICE_ACK_TIMEOUT_MS: String(ACK_TIMEOUT_MS),
  DEVICE_COOLDOWN_SECONDS: '120',
  LEASE_POLL_INTERVAL_MS: '50',
  // Twenty leases open on the silent phone at once: this fake gateway, unlike the real one, holds any number.
  DEVICE_MAX_IN_FLIGHT: '50',
},
});
let dispatch: DispatchDesk;

beforeAll(async () => {
  await platform.start();
  dispatch = await DispatchDesk.open(platform);
}, 120_000);
afterAll(() => platform.stop(), 60_000);
afterEach(() => dispatch.disconnectAll());

const pushedToSilentPhone = () => dispatch.pushedToSilentPhone(VODAFONE_EG);

describe('lease timers live in Redis, not in a process', () => {
  it('a lease handed out by an instance that crashed still times out on another, once', async () => {
    const { good, request, first } = await pushedToSilentPhone();
    await platform.instance('pool-dispatcher').kill();

    await platform.startAnother('pool-dispatcher');
    const pushes = await dispatch.waitForPushes(request.messageId, 2, ACK_TIMEOUT_MS + 10_000);
    expect(pushes[1].payload.deviceId).toBe(good.id);
    expect(pushes[1].receivedAt - first.receivedAt).toBeGreaterThanOrEqual(ACK_TIMEOUT_MS - 100);
    await dispatch.waitForStatus(request.messageId, 'sent');
    await platform.drained();
    expect(dispatch.pushesFor(request.messageId)).toHaveLength(2);
  }, 60_000);

  it('a phone whose push died with its gateway instance is not blamed: it came back through another and stays in its pools', async () => {
    const { silent, good, request } = await pushedToSilentPhone();
    await dispatch.reconnectThrough(silent.id, `${dispatch.gatewayInstanceId}-r1`);

    await dispatch.waitForStatus(request.messageId, 'sent', ACK_TIMEOUT_MS + 15_000);
    expect(dispatch.pushesFor(request.messageId).map((push) => push.payload.deviceId)).toEqual([silent.id, good.id]);
    const [attempt] = await dispatch.query<{ outcome: string; error_code: string }>(
      `SELECT outcome, error_code FROM delivery_attempts WHERE device_id = $1 AND message_id = $2`,
      [silent.id, request.messageId],
    );
    expect(attempt).toEqual({ outcome: 'timed_out', error_code: 'gateway_lost' });
    const [counts] = await dispatch.query<{ sends_timed_out: number }>(`SELECT sends_timed_out FROM devices WHERE id = $1`, [silent.id]);
    expect(counts.sends_timed_out).toBe(0);
    expect((await dispatch.device(silent.id)).coolingDownUntil).toBeNull();
  }, 60_000);

  it('with two instances polling the same deadlines, every expired lease moves on exactly once', async () => {
    await platform.startAnother('pool-dispatcher');
    const silent = await dispatch.registerPhone(VODAFONE_EG, 'silent');
    await dispatch.setQuota(silent.id, 50);
    const good = await dispatch.registerPhone(VODAFONE_EG, 'sends');
    await dispatch.setQuota(good.id, 50);
    await dispatch.connect(silent.id, good.id);

    const requests = [];
    for (let index = 0; index < 20; index += 1) requests.push(await dispatch.request({ to: dispatch.number(VODAFONE_EG) }));
    for (const request of requests) await dispatch.waitForStatus(request.messageId, 'sent', ACK_TIMEOUT_MS + 15_000);
    await platform.drained();
    for (const request of requests) {
      expect(dispatch.pushesFor(request.messageId).map((push) => push.payload.deviceId)).toEqual([silent.id, good.id]);
      expect(dispatch.statusesFor(request.messageId).filter((status) => status.status === 'sent')).toHaveLength(1);
    }
    await eventually(async () => {
      const [counts] = await dispatch.query<{ timed_out: string }>(
        `SELECT count(*) AS timed_out FROM delivery_attempts WHERE device_id = $1 AND outcome = 'timed_out'`,
        [silent.id],
      );
      expect(Number(counts.timed_out)).toBe(20);
    });
  }, 90_000);

  it('a lease whose failure could not be recorded still moves its message on (nothing is lost between the move and the reroute)', async () => {
    // One injected database failure, on the first attempt recorded as timed out: the lease is
    // already closed in Redis when the commit fails, the poller's next round no longer sees it.
    const db = platform.db('pool-dispatcher');
    await db.query(`CREATE SEQUENCE injected_failures`);
    await db.query(`
      CREATE FUNCTION fail_first_timeout() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.outcome = 'timed_out' AND nextval('injected_failures') = 1 THEN RAISE EXCEPTION 'injected failure'; END IF;
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER fail_first_timeout BEFORE INSERT OR UPDATE ON delivery_attempts FOR EACH ROW EXECUTE FUNCTION fail_first_timeout()`);
    try {
      const { good, request, first } = await pushedToSilentPhone();
      const pushes = await dispatch.waitForPushes(request.messageId, 2, ACK_TIMEOUT_MS + 30_000);
      expect(pushes[1].payload.deviceId).toBe(good.id);
      await dispatch.waitForStatus(request.messageId, 'sent');
      await platform.drained();
      expect(dispatch.pushesFor(request.messageId)).toHaveLength(2);
      expect(await db.one(`SELECT outcome FROM delivery_attempts WHERE lease_id = $1`, [first.payload.leaseId])).toEqual({ outcome: 'timed_out' });
    } finally {
      await db.query(`DROP TRIGGER fail_first_timeout ON delivery_attempts`);
    }
  }, 90_000);
});
