import { kavenegarError } from './kavenegar.errors';
import { parseKavenegarReport } from './kavenegar.reports';

describe('kavenegarError', () => {
  it.each([
    [412, 'permanent'],
    [413, 'permanent'],
    [418, 'transient'],
    [403, 'transient'],
    [409, 'transient'],
    [500, 'transient'],
  ] as const)('%i is %s', (status, kind) => {
    expect(kavenegarError(status, 'x')).toMatchObject({ kind, code: String(status), message: `Kavenegar ${status}: x` });
  });

  it('an invalid receptor (411) is the permanent invalid_number', () => {
    expect(kavenegarError(411, 'receptor invalid')).toMatchObject({ kind: 'permanent', code: 'invalid_number', message: 'Kavenegar 411: receptor invalid' });
  });
});

describe('parseKavenegarReport', () => {
  const report = (fields: Record<string, string>) => ({
    method: 'POST',
    url: 'https://zagel.example/r?token=t',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    rawBody: new URLSearchParams(fields).toString(),
    query: { token: 't' },
  });

  it.each([
    ['1', 'sent'],
    ['4', 'sent'],
    ['10', 'delivered'],
    ['11', 'undelivered'],
    ['6', 'failed'],
    ['14', 'undelivered'],
  ])('status %s is %s', (status, ours) => {
    expect(parseKavenegarReport(report({ messageid: '1', status }))[0].status).toBe(ours);
  });

  it('refuses an unknown status', () => {
    expect(() => parseKavenegarReport(report({ messageid: '1', status: '99' }))).toThrow(/unknown/);
  });
});
