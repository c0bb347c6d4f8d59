import { vonageStatusError, vonageTransportError } from './vonage.errors';

describe('vonageStatusError', () => {
  it.each([
    ['7', 'Number Barred', 'blocked_number'],
    ['33', 'Number De-activated', 'unreachable_number'],
  ] as const)('status %s (%s) is the permanent %s, keeping the native status in the message', (status, text, code) => {
    const error = vonageStatusError(status, text);
    expect(error).toMatchObject({ kind: 'permanent', code });
    expect(error.message).toBe(`Vonage ${status}: ${text}`);
  });

  it.each([
    ['1', 'transient'],
    ['5', 'transient'],
    ['9', 'transient'],
    ['29', 'permanent'],
    ['3', 'permanent'],
    ['6', 'permanent'],
    ['15', 'permanent'],
  ] as const)('status %s keeps its native code and is %s', (status, kind) => {
    expect(vonageStatusError(status, undefined)).toMatchObject({ kind, code: status, message: `Vonage ${status}: SMS API status ${status}` });
  });
});

describe('vonageTransportError', () => {
  it('reads the HTTP status, or calls a failure without one a transient network error', () => {
    expect(vonageTransportError(Object.assign(new Error('bad gateway'), { response: { status: 502 } }))).toMatchObject({ kind: 'transient', code: 'http_502' });
    expect(vonageTransportError(new Error('ECONNRESET'))).toMatchObject({ kind: 'transient', code: 'network' });
  });
});
