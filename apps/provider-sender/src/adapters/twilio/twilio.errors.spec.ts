import { twilioError } from './twilio.errors';

const restError = (status: number, code?: number) => Object.assign(new Error('twilio said no'), { status, code });

describe('twilioError', () => {
  it.each([
    [400, 21211, 'permanent'],
    [400, 21610, 'permanent'],
    [400, 21602, 'permanent'],
    [429, 20429, 'transient'],
    [500, 20500, 'transient'],
    [401, 20003, 'transient'],
  ] as const)('HTTP %i code %i is %s', (status, code, kind) => {
    expect(twilioError(restError(status, code))).toMatchObject({ kind, code: String(code) });
  });

  it('a failure without an HTTP answer is transient', () => {
    expect(twilioError(new Error('ECONNREFUSED'))).toMatchObject({ kind: 'transient', code: 'network' });
  });
});
