import { smsIrError } from './smsir.errors';

describe('smsIrError', () => {
  it.each([
    [400, 101, 'permanent'],
    [400, 102, 'transient'],
    [401, 10, 'transient'],
    [429, 0, 'transient'],
    [500, 0, 'transient'],
  ] as const)('HTTP %i status %i is %s', (http, status, kind) => {
    expect(smsIrError(http, status, 'x')).toMatchObject({ kind, code: String(status) });
  });

  it('an invalid mobile number (104) is the permanent invalid_number, keeping the native status in the message', () => {
    expect(smsIrError(400, 104, 'شماره موبایل نامعتبر است')).toMatchObject({
      kind: 'permanent',
      code: 'invalid_number',
      message: 'SMS.IR 104: شماره موبایل نامعتبر است',
    });
  });

  it('keeps Retry-After only as a hint on transient errors', () => {
    expect(smsIrError(429, 0, 'x', 2000)).toMatchObject({ retryAfterMs: 2000 });
  });
});
