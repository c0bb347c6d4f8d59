import { smsIrError } from './smsir.errors';

describe('smsIrError', () => {
  it.each([
    [400, 104, 'permanent'],
    [400, 101, 'permanent'],
    [400, 102, 'transient'],
    [401, 10, 'transient'],
    [429, 0, 'transient'],
    [500, 0, 'transient'],
  ] as const)('HTTP %i status %i is %s', (http, status, kind) => {
    expect(smsIrError(http, status, 'x')).toMatchObject({ kind, code: String(status) });
  });

  it('keeps Retry-After only as a hint on transient errors', () => {
    expect(smsIrError(429, 0, 'x', 2000)).toMatchObject({ retryAfterMs: 2000 });
  });
});
