import { v7 as uuidv7 } from 'uuid';
import {
  BillingErrorCode,
  BillingLowBalance,
  CaptureReservation,
  GetBalance,
  LowBalancePayload,
  QuotePrice,
  ReleaseReservation,
  ReserveBalance,
  ReserveMany,
} from '@zagel/contracts';
import { RpcRemoteError } from '@zagel/messaging';
import { BillingDesk, eventually, TestPlatform } from '@zagel/testing';

async function remoteError(promise: Promise<unknown>): Promise<RpcRemoteError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RpcRemoteError);
  return error as RpcRemoteError;
}

describe('reservations', () => {
  const platform = new TestPlatform({ services: ['billing'], settings: { BILLING_SWEEP_INTERVAL_MS: '600000', BILLING_LOW_BALANCE_THRESHOLD: '50' } });
  let billing: BillingDesk;

  beforeAll(async () => {
    await platform.start();
    billing = await BillingDesk.open(platform, [BillingLowBalance]);
  }, 120_000);
  afterAll(() => platform.stop(), 60_000);
  afterEach(async () => {
    expect(await billing.unbalancedTransactions()).toEqual([]);
    expect(await billing.driftedAccounts()).toEqual([]);
  });

  it('reserves, then captures all: the wallet pays exactly the reserved amount', async () => {
    const organizationId = await billing.fundedOrganization(100);
    const reference = uuidv7();
    const reservation = await billing.call(ReserveBalance, { organizationId, amount: 30, reference });
    expect(reservation).toMatchObject({ status: 'open', amount: 30, capturedAmount: 0, currency: 'USD', reference });
    expect(await billing.call(GetBalance, { organizationId })).toEqual({ available: 70, reserved: 30, balance: 100, currency: 'USD' });

    const captured = await billing.call(CaptureReservation, { organizationId, reference });
    expect(captured).toMatchObject({ status: 'captured', capturedAmount: 30, reservationId: reservation.reservationId });
    expect(await billing.call(GetBalance, { organizationId })).toEqual({ available: 70, reserved: 0, balance: 70, currency: 'USD' });
  });

  it('captures part and frees the rest; a repeated capture changes nothing', async () => {
    const organizationId = await billing.fundedOrganization(100);
    const reference = uuidv7();
    await billing.call(ReserveBalance, { organizationId, amount: 40, reference });
    expect(await billing.call(CaptureReservation, { organizationId, reference, amount: 15 })).toMatchObject({ capturedAmount: 15 });
    expect(await billing.call(CaptureReservation, { organizationId, reference, amount: 15 })).toMatchObject({ capturedAmount: 15 });
    expect(await billing.call(CaptureReservation, { organizationId, reference })).toMatchObject({ capturedAmount: 15 });
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ available: 85, reserved: 0, balance: 85 });
  });

  it('never captures more than was reserved', async () => {
    const organizationId = await billing.fundedOrganization(100);
    const reference = uuidv7();
    await billing.call(ReserveBalance, { organizationId, amount: 10, reference });
    expect(await billing.call(CaptureReservation, { organizationId, reference, amount: 999 })).toMatchObject({ capturedAmount: 10 });
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ balance: 90 });
  });

  it('releases; a repeated release is harmless; capture after release is reservation_closed', async () => {
    const organizationId = await billing.fundedOrganization(100);
    const reference = uuidv7();
    await billing.call(ReserveBalance, { organizationId, amount: 25, reference });
    expect(await billing.call(ReleaseReservation, { organizationId, reference })).toMatchObject({ status: 'released' });
    expect(await billing.call(ReleaseReservation, { organizationId, reference })).toMatchObject({ status: 'released' });
    const closed = await remoteError(billing.call(CaptureReservation, { organizationId, reference }));
    expect(closed.code).toBe(BillingErrorCode.ReservationClosed);
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ available: 100, reserved: 0, balance: 100 });
  });

  it('reserving the same reference twice answers the first reservation and holds once', async () => {
    const organizationId = await billing.fundedOrganization(100);
    const reference = uuidv7();
    const [first, second] = await Promise.all([
      billing.call(ReserveBalance, { organizationId, amount: 20, reference }),
      billing.call(ReserveBalance, { organizationId, amount: 20, reference }),
    ]);
    expect(second.reservationId).toBe(first.reservationId);
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ reserved: 20, available: 80 });
  });

  it('answers insufficient_funds with the shortfall, and holds nothing', async () => {
    const organizationId = await billing.fundedOrganization(10);
    const error = await remoteError(billing.call(ReserveBalance, { organizationId, amount: 25, reference: uuidv7() }));
    expect(error.code).toBe(BillingErrorCode.InsufficientFunds);
    expect(error.details).toEqual({ shortfall: 15, available: 10, currency: 'USD' });
    const stranger = await remoteError(billing.call(ReserveBalance, { organizationId: uuidv7(), amount: 1, reference: uuidv7() }));
    expect(stranger.details).toEqual({ shortfall: 1, available: 0, currency: 'USD' });
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ reserved: 0, available: 10 });
  });

  it('answers reservation_not_found for an unknown reference, and never across organizations', async () => {
    const organizationId = await billing.fundedOrganization(100);
    const reference = uuidv7();
    await billing.call(ReserveBalance, { organizationId, amount: 5, reference });
    const error = await remoteError(billing.call(CaptureReservation, { organizationId: uuidv7(), reference }));
    expect(error.code).toBe(BillingErrorCode.ReservationNotFound);
  });

  it('reserves a batch in order until the money runs out', async () => {
    const organizationId = await billing.fundedOrganization(100);
    const known = uuidv7();
    await billing.call(ReserveBalance, { organizationId, amount: 10, reference: known });
    const reply = await billing.call(ReserveMany, {
      organizationId,
      items: [
        { reference: known, amount: 10 },
        { reference: 'a', amount: 40 },
        { reference: 'b', amount: 40 },
        { reference: 'c', amount: 30 },
        { reference: 'd', amount: 5 },
      ],
    });
    expect(reply.reserved).toBe(3);
    expect(reply.insufficient).toEqual([
      { reference: 'c', shortfall: 20 },
      { reference: 'd', shortfall: 25 },
    ]);
    expect(reply.available).toBe(10);
    expect(await billing.call(GetBalance, { organizationId })).toMatchObject({ reserved: 90, available: 10 });
  });

  it('announces a low balance once per crossing', async () => {
    const organizationId = await billing.fundedOrganization(100);
    await billing.call(ReserveBalance, { organizationId, amount: 60, reference: 'x1' });
    await billing.call(ReserveBalance, { organizationId, amount: 10, reference: 'x2' });
    await eventually(() => expect(billing.received<LowBalancePayload>(BillingLowBalance).filter((e) => e.organizationId === organizationId)).toHaveLength(1));
    await billing.call(ReleaseReservation, { organizationId, reference: 'x1' });
    await billing.call(ReserveBalance, { organizationId, amount: 70, reference: 'x3' });
    await eventually(() => expect(billing.received<LowBalancePayload>(BillingLowBalance).filter((e) => e.organizationId === organizationId)).toHaveLength(2));
    expect(billing.received<LowBalancePayload>(BillingLowBalance).find((e) => e.organizationId === organizationId)).toMatchObject({
      available: 40,
      threshold: 50,
      currency: 'USD',
    });
  });

  it('quotes prices: the route asked for, or the dearer of the two', async () => {
    const organizationId = await billing.fundedOrganization(1);
    expect(await billing.call(QuotePrice, { organizationId, country: 'EG', messageType: 'otp', route: 'device', segments: 2 })).toEqual({
      currency: 'USD',
      unitPrice: 3,
      segments: 2,
      amount: 6,
    });
    expect(await billing.call(QuotePrice, { organizationId, country: 'EG', messageType: 'otp', segments: 1 })).toMatchObject({ amount: 6 });
    expect(await billing.call(QuotePrice, { organizationId, country: 'EG', messageType: 'promotional', segments: 3 })).toMatchObject({ amount: 15 });
  });
});
