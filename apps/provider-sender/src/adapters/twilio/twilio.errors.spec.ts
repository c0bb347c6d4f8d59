import { twilioError } from './twilio.errors';

const restError = (status: number, code?: number) => Object.assign(new Error('twilio said no'), { status, code });

describe('twilioError', () => {
  it.each([
    [400, 21602, 'permanent'],
    [429, 20429, 'transient'],
    [500, 20500, 'transient'],
    [401, 20003, 'transient'],
  ] as const)('HTTP %i code %i is %s', (status, code, kind) => {
    expect(twilioError(restError(status, code))).toMatchObject({ kind, code: String(code) });
  });

  it.each([
    [21211, 'invalid_number'],
    [21217, 'invalid_number'],
    [21610, 'unsubscribed_number'],
    [21614, 'landline_number'],
    [21612, 'unreachable_number'],
  ] as const)('recipient error %i is the permanent %s, keeping the native code in the message', (code, recipientCode) => {
    const error = twilioError(restError(400, code));
    expect(error).toMatchObject({ kind: 'permanent', code: recipientCode });
    expect(error.message).toBe(`Twilio ${code}: twilio said no`);
  });

  it('a failure without an HTTP answer is transient', () => {
    expect(twilioError(new Error('ECONNREFUSED'))).toMatchObject({ kind: 'transient', code: 'network' });
  });
});
