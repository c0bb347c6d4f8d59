import { snsError } from './sns.errors';

const serviceError = (name: string, status: number, fault: 'client' | 'server') =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status }, $fault: fault });

describe('snsError', () => {
  it.each([
    ['InvalidParameterException', 400, 'client', 'permanent', 'InvalidParameter'],
    ['ThrottledException', 429, 'client', 'transient', 'Throttled'],
    ['InternalErrorException', 500, 'server', 'transient', 'InternalError'],
    ['AuthorizationErrorException', 403, 'client', 'transient', 'AuthorizationError'],
  ] as const)('%s is %s', (name, status, fault, kind, code) => {
    expect(snsError(serviceError(name, status, fault))).toMatchObject({ kind, code });
  });

  it('a failure without an HTTP answer is transient', () => {
    expect(snsError(new Error('socket hang up'))).toMatchObject({ kind: 'transient', code: 'network' });
  });
});
