import { BillingCallErrorCode, PriceQuote, QuotePrice, ReserveBalance, ReserveMany } from '@zagel/contracts';
import { Bus, BusClient, RpcRemoteError, RpcTimeoutError } from '@zagel/messaging';
import { BillingClient } from './billing-client';

const organizationId = '01a22ae0-b6b5-7488-aa10-1a46fb46eb88';
const reserveRequest = { organizationId, amount: 12, reference: '01a22ae0-b6b5-7488-aa10-1a46fb46eb89' };
const quoteRequest = { organizationId, country: 'EG', messageType: 'otp' as const, segments: 1 };
const quote: PriceQuote = { currency: 'USD', unitPrice: 12, segments: 1, amount: 12 };

/**
 * Billing's answer as the bus's RPC layer hands it over, through the BusClient the apps inject
 * (the transport is not what is tested here).
 */
function billing(answer: (contract: { type: string }, options?: { timeoutMs?: number }) => Promise<unknown>) {
  const call = jest.fn((contract: { type: string }, _service: string, _payload: object, options?: { timeoutMs?: number }) => answer(contract, options));
  const bus = { rpc: { call } } as unknown as Bus;
  return { rpc: new BusClient(bus, 'billing'), call };
}

const failingWith = (error: Error) => billing(() => Promise.reject(error));

describe('BillingClient', () => {
  it('answers insufficient funds with the shortfall, what is available and the currency, and nothing else', async () => {
    const { rpc } = failingWith(
      new RpcRemoteError('insufficient_funds', 'short', 'billing.reserve', 'billing', { shortfall: 7, available: 5, currency: 'USD', walletId: 'w' }),
    );
    await expect(new BillingClient(rpc).reserve(reserveRequest)).rejects.toMatchObject({
      code: BillingCallErrorCode.InsufficientFunds,
      details: { shortfall: 7, available: 5, currency: 'USD' },
    });
    await expect(new BillingClient(rpc).reserve(reserveRequest)).rejects.not.toHaveProperty('details.walletId');
  });

  it("takes billing's own refusals as a refusal, with billing's code", async () => {
    const { rpc } = failingWith(new RpcRemoteError('price_not_found', 'no price for XX'));
    await expect(new BillingClient(rpc).quote(quoteRequest)).rejects.toMatchObject({
      code: BillingCallErrorCode.BillingRefused,
      details: { billingCode: 'price_not_found' },
    });
  });

  it('takes billing failing inside (a SQLSTATE, internal) or not answering as unavailable, and passes no internal message on', async () => {
    const failures = [
      new RpcRemoteError('53300', 'sorry, too many clients already'),
      new RpcRemoteError('internal', 'too many clients already'),
      new RpcTimeoutError('billing.reserve', 'billing', 2_000),
    ];
    for (const failure of failures) {
      const call = new BillingClient(failingWith(failure).rpc).reserve(reserveRequest);
      await expect(call).rejects.toMatchObject({ code: BillingCallErrorCode.BillingUnavailable, cause: failure });
      await expect(call).rejects.not.toThrow(/too many clients|no reply/);
    }
  });

  it('calls with its own deadline, and gives a batch reservation the longer bulk deadline', async () => {
    const { rpc, call } = billing((contract) => Promise.resolve(contract.type === ReserveMany.type ? { reservations: [], insufficient: [], available: 0 } : {}));
    const client = new BillingClient(rpc, { timeoutMs: 2_000, bulkTimeoutMs: 40_000 });
    await client.reserve(reserveRequest);
    await client.reserveMany({ organizationId, items: [] });
    expect(call.mock.calls.map(([contract, service, , options]) => [contract.type, service, options])).toEqual([
      [ReserveBalance.type, 'billing', { timeoutMs: 2_000 }],
      [ReserveMany.type, 'billing', { timeoutMs: 40_000 }],
    ]);
  });

  it('takes a release of a reservation already closed or never made as done, and reports other failures', async () => {
    for (const code of ['reservation_closed', 'reservation_not_found']) {
      await expect(new BillingClient(failingWith(new RpcRemoteError(code, 'closed')).rpc).release(organizationId, 'r')).resolves.toBeUndefined();
    }
    await expect(new BillingClient(failingWith(new RpcTimeoutError('billing.release', 'billing', 10)).rpc).release(organizationId, 'r')).rejects.toMatchObject({
      code: BillingCallErrorCode.BillingUnavailable,
    });
  });

  describe('quote cache', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('reuses a quote for quoteCacheMs, per organization, destination and size', async () => {
      const { rpc, call } = billing(() => Promise.resolve(quote));
      const client = new BillingClient(rpc, { quoteCacheMs: 10_000 });
      await client.quote(quoteRequest);
      await client.quote(quoteRequest);
      await client.quote({ ...quoteRequest, segments: 2 });
      expect(call).toHaveBeenCalledTimes(2);
      jest.advanceTimersByTime(10_001);
      await expect(client.quote(quoteRequest)).resolves.toEqual(quote);
      expect(call).toHaveBeenCalledTimes(3);
      expect(call.mock.calls.every(([contract]) => contract.type === QuotePrice.type)).toBe(true);
    });

    it('asks billing every time without quoteCacheMs', async () => {
      const { rpc, call } = billing(() => Promise.resolve(quote));
      const client = new BillingClient(rpc);
      await client.quote(quoteRequest);
      await client.quote(quoteRequest);
      expect(call).toHaveBeenCalledTimes(2);
    });
  });
});
