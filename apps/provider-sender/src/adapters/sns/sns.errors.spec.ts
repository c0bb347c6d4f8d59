import { snsError } from './sns.errors';

const serviceError = (name: string, status: number, fault: 'client' | 'server') =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status }, $fault: fault });

describe('snsError', () => {
  it.each([
    ['ThrottledException', 429, 'client', 'transient', 'Throttled'],
    ['InternalErrorException', 500, 'server', 'transient', 'InternalError'],
    ['AuthorizationErrorException', 403, 'client', 'transient', 'AuthorizationError'],
  ] as const)('%s is %s', (name, status, fault, kind, code) => {
    expect(snsError(serviceError(name, status, fault))).toMatchObject({ kind, code });
  });

  it.each([
    ['InvalidParameterException', 'Invalid parameter: PhoneNumber Reason: input incorrectly formatted', 'invalid_number'],
    ['InvalidParameterValueException', 'Invalid parameter value: PhoneNumber', 'invalid_number'],
    ['OptedOutException', 'Phone number is opted out', 'unsubscribed_number'],
    ['InvalidParameterException', 'Invalid parameter: Message', 'InvalidParameter'],
  ] as const)('%s "%s" is the permanent %s', (name, text, code) => {
    const error = snsError(Object.assign(new Error(text), { name, $metadata: { httpStatusCode: 400 }, $fault: 'client' }));
    expect(error).toMatchObject({ kind: 'permanent', code });
    expect(error.message).toBe(`SNS ${name.replace(/Exception$/, '')}: ${text}`);
  });

  it('a failure without an HTTP answer is transient', () => {
    expect(snsError(new Error('socket hang up'))).toMatchObject({ kind: 'transient', code: 'network' });
  });
});
