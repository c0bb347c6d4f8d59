import { v7 as uuidv7 } from 'uuid';
import { BillingErrorCode, CaptureReservation, GetBalance, ReleaseReservation, ReserveBalance } from '@zagel/contracts';
import { RpcRemoteError } from '@zagel/messaging';
import { BillingDesk, TestPlatform, until } from '@zagel/testing';

/** Reservations nobody settles expire: two billing instances sweep every 100 ms, and their sweeps race. */
describe('reservation expiry', () => {
  const platform = new TestPlatform({ services: ['billing'], replicas: { billing: 2 }, settings: { BILLING_SWEEP_INTERVAL_MS: '100' } });
  let billing: BillingDesk;

  beforeAll(async () => {
    await platform.start();
    billing = await BillingDesk.open(platform);
  }, 120_000);
  afterAll(() => platform.stop(), 60_000);

  it('expires reservations left open, once, even with two sweeps racing', async () => {
    const organizationId = await billing.fundedOrganization(100);
    const reference = uuidv7();
    await billing.call(ReserveBalance, { organizationId, amount: 30, reference, expiresInSeconds: 1 });
    await billing.call(ReserveBalance, { organizationId, amount: 5, reference: uuidv7() });

    await until(async () => (await billing.call(GetBalance, { organizationId })).reserved === 5, { what: 'the overdue reservation to be swept' });
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ reserved: 5, available: 95, balance: 100 });
    expect(await billing.call(ReleaseReservation, { organizationId, reference })).toMatchObject({ status: 'expired' });
    const late = await billing.call(CaptureReservation, { organizationId, reference }).catch((error: unknown) => error);
    expect(late).toBeInstanceOf(RpcRemoteError);
    expect((late as RpcRemoteError).code).toBe(BillingErrorCode.ReservationClosed);
    expect(await billing.unbalancedTransactions()).toEqual([]);
    expect(await billing.driftedAccounts()).toEqual([]);
  });

  it('releases an expired reservation without anyone asking', async () => {
    const organizationId = await billing.fundedOrganization(50);
    const reference = uuidv7();
    await billing.call(ReserveBalance, { organizationId, amount: 50, reference, expiresInSeconds: 1 });
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ available: 0, reserved: 50 });
    await until(async () => (await billing.call(GetBalance, { organizationId })).reserved === 0, { what: 'the reservation to expire', deadline: 5_000 });
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ available: 50, reserved: 0 });
    expect(await billing.call(ReleaseReservation, { organizationId, reference })).toMatchObject({ status: 'expired' });
  });
});
