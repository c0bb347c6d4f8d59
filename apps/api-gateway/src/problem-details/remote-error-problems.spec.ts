import * as contracts from '@zagel/contracts';
import { RpcRemoteError } from '@zagel/messaging';
import { problemFromRemoteError, REMOTE_ERROR_PROBLEMS } from './remote-error-problems';

/** Every `<Something>ErrorCode` enum libs/contracts exports, as [enum name, code]. */
function contractErrorCodes(): [string, string][] {
  return Object.entries(contracts)
    .filter(([name, value]) => name.endsWith('ErrorCode') && typeof value === 'object' && value !== null)
    .flatMap(([name, codes]) => Object.values(codes as Record<string, unknown>).map((code): [string, string] => [name, String(code)]));
}

describe('REMOTE_ERROR_PROBLEMS', () => {
  it('finds the code enums of every service in the contracts', () => {
    const enums = new Set(contractErrorCodes().map(([name]) => name));
    for (const name of ['AuthErrorCode', 'BillingErrorCode', 'OtpErrorCode', 'IngestionErrorCode', 'DeviceErrorCode', 'ProviderSenderErrorCode']) {
      expect(enums).toContain(name);
    }
  });

  it.each(contractErrorCodes())('maps %s %s to an HTTP problem', (_enum, code) => {
    const mapped = problemFromRemoteError(new RpcRemoteError(code, 'refused'));
    expect(mapped).toMatchObject({ code, title: REMOTE_ERROR_PROBLEMS[code as keyof typeof REMOTE_ERROR_PROBLEMS].title });
    expect(mapped!.status).toBeGreaterThanOrEqual(400);
    expect(mapped!.status).toBeLessThan(600);
  });

  it('maps no code that no contract declares', () => {
    const declared = new Set(contractErrorCodes().map(([, code]) => code));
    expect(Object.keys(REMOTE_ERROR_PROBLEMS).filter((code) => !declared.has(code))).toEqual([]);
  });

  it("passes on the money facts of insufficient_funds, under the code's own title", () => {
    const mapped = problemFromRemoteError(
      new RpcRemoteError('insufficient_funds', 'short', 'billing.reserve', 'billing', { shortfall: 5, available: 0, currency: 'USD', walletId: 'w' }),
    );
    expect(mapped).toMatchObject({ status: 402, title: 'Insufficient funds', extensions: { shortfall: 5, available: 0, currency: 'USD' } });
    expect(mapped!.extensions).not.toHaveProperty('walletId');
  });
});
