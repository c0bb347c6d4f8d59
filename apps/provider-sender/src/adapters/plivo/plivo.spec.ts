import { plivoError } from './plivo.errors';
import { parsePlivoReport } from './plivo.reports';

describe('plivoError', () => {
  it('reads the SDK error status, or the status code in a plain error text', () => {
    expect(plivoError(Object.assign(new Error('src parameter not present'), { status: 400 }))).toMatchObject({ kind: 'permanent', code: 'http_400' });
    expect(plivoError(new Error('AxiosError: Request failed with status code 429'))).toMatchObject({ kind: 'transient', code: 'http_429' });
    expect(plivoError(Object.assign(new Error('down'), { status: 503 }))).toMatchObject({ kind: 'transient' });
    expect(plivoError('Error: connect ECONNREFUSED')).toMatchObject({ kind: 'transient', code: 'network' });
  });
});

describe('plivoError on the recipient', () => {
  it.each([
    ['1555 is not a valid phone number', 'invalid_number'],
    ['invalid dst', 'invalid_number'],
    ['dst parameter not valid', 'invalid_number'],
    ['destination number has opted out', 'unsubscribed_number'],
    ['destination is a landline number', 'landline_number'],
  ] as const)('HTTP 400 "%s" is the permanent %s, keeping the native status in the message', (text, code) => {
    expect(plivoError(Object.assign(new Error(text), { status: 400 }))).toMatchObject({ kind: 'permanent', code, message: `Plivo http_400: ${text}` });
  });

  it('a recipient-sounding text on an account error stays transient', () => {
    expect(plivoError(Object.assign(new Error('invalid dst'), { status: 401 }))).toMatchObject({ kind: 'transient', code: 'http_401' });
  });
});

describe('parsePlivoReport', () => {
  const report = (fields: Record<string, string>) => ({
    method: 'POST',
    url: 'https://zagel.example/r',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    rawBody: new URLSearchParams(fields).toString(),
    query: {},
  });

  it.each([
    ['queued', 'sent'],
    ['sent', 'sent'],
    ['delivered', 'delivered'],
    ['undelivered', 'undelivered'],
    ['failed', 'failed'],
    ['rejected', 'failed'],
  ])('%s is %s', (plivo, ours) => {
    expect(parsePlivoReport(report({ MessageUUID: 'u', Status: plivo }))[0].status).toBe(ours);
  });

  it('keeps a non-zero ErrorCode', () => {
    expect(parsePlivoReport(report({ MessageUUID: 'u', Status: 'failed', ErrorCode: '200' }))).toEqual([
      { providerMessageId: 'u', status: 'failed', errorCode: '200' },
    ]);
  });
});
