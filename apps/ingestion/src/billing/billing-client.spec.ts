import { IngestionErrorCode } from '@zagel/contracts';
import { Bus, BusClient, RpcRemoteError } from '@zagel/messaging';
import { BillingClient } from './billing-client';

/** Billing's answer as the bus hands it over (the transport is not what is tested here). */
function answering(error: Error): BillingClient {
  const bus = { rpc: { call: () => Promise.reject(error) } } as unknown as Bus;
  return new BillingClient(new BusClient(bus, 'billing'));
}

const request = { organizationId: '01a22ae0-b6b5-7488-aa10-1a46fb46eb88', to: '+201001234567', messageType: 'transactional', segments: 1 } as never;

describe('BillingClient errors', () => {
  it("billing's own refusal is a refusal, with billing's code", async () => {
    await expect(answering(new RpcRemoteError('price_not_found', 'no price for XX')).reserve(request)).rejects.toMatchObject({
      code: IngestionErrorCode.BillingRefused,
      details: { billingCode: 'price_not_found' },
    });
  });

  it('billing failing inside (a database SQLSTATE, internal) is unavailable, and its message is not passed on', async () => {
    for (const code of ['53300', 'internal']) {
      const failure = answering(new RpcRemoteError(code, 'sorry, too many clients already')).reserve(request);
      await expect(failure).rejects.toMatchObject({ code: IngestionErrorCode.BillingUnavailable });
      await expect(failure).rejects.not.toThrow(/too many clients/);
    }
  });
});
