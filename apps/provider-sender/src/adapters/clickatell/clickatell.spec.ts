import { clickatellError } from './clickatell.errors';
import { parseClickatellReport } from './clickatell.reports';

describe('clickatellError', () => {
  it.each([
    [401, 1, 'transient'],
    [400, 43, 'transient'],
    [503, 19, 'transient'],
    [400, 24, 'permanent'],
    [400, 100, 'permanent'],
  ] as const)('HTTP %i code %i is %s', (http, code, kind) => {
    expect(clickatellError(http, code, 'x')).toMatchObject({ kind, code: String(code) });
  });

  it('an invalid recipient address (25) is the permanent invalid_number, keeping the native code in the message', () => {
    expect(clickatellError(202, 25, 'Invalid recipient address')).toMatchObject({
      kind: 'permanent',
      code: 'invalid_number',
      message: 'Clickatell 25: Invalid recipient address',
    });
  });

  it('without a code, falls back to the HTTP status', () => {
    expect(clickatellError(502, undefined, 'x')).toMatchObject({ kind: 'transient', code: 'http_502' });
    expect(clickatellError(400, undefined, 'x')).toMatchObject({ kind: 'permanent', code: 'http_400' });
  });
});

describe('parseClickatellReport', () => {
  const report = (fields: Record<string, unknown>) => ({
    method: 'POST',
    url: 'https://zagel.example/r',
    headers: { 'content-type': 'application/json' },
    rawBody: JSON.stringify(fields),
    query: {},
  });

  it('maps status codes and the epoch-millisecond timestamp', () => {
    expect(parseClickatellReport(report({ messageId: 'a', statusCode: 4, timestamp: 1_795_000_000_000 }))).toEqual([
      { providerMessageId: 'a', status: 'delivered', at: new Date(1_795_000_000_000).toISOString() },
    ]);
    expect(parseClickatellReport(report({ messageId: 'a', statusCode: '003' }))[0].status).toBe('sent');
    expect(parseClickatellReport(report({ messageId: 'a', statusCode: 10 }))[0]).toMatchObject({ status: 'undelivered', errorCode: '10' });
  });
});
