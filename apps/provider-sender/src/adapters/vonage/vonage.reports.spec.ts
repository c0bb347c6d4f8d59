import { createHash } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { vonageStatusError } from './vonage.errors';
import { parseVonageReport, verifyVonageJwt } from './vonage.reports';

const request = (fields: Record<string, string>) => ({
  method: 'GET',
  url: 'https://zagel.example/r',
  headers: {},
  rawBody: '',
  query: fields,
});

describe('Vonage receipts', () => {
  it.each([
    ['delivered', 'delivered'],
    ['accepted', 'sent'],
    ['buffered', 'sent'],
    ['expired', 'undelivered'],
    ['failed', 'failed'],
    ['rejected', 'failed'],
  ])('status %s is %s', (vonage, ours) => {
    expect(parseVonageReport(request({ messageId: 'm', status: vonage }))[0].status).toBe(ours);
  });

  it('refuses a receipt without messageId', () => {
    expect(() => parseVonageReport(request({ status: 'delivered' }))).toThrow(/messageId/);
  });

  it('checks the JWT signature, the algorithm and the payload hash', () => {
    const body = '{"messageId":"m","status":"delivered"}';
    const hash = createHash('sha256').update(body).digest('hex');
    const token = jwt.sign({ payload_hash: hash }, 'secret-secret', { algorithm: 'HS256' });
    expect(verifyVonageJwt(`Bearer ${token}`, body, 'secret-secret')).toBe(true);
    expect(verifyVonageJwt(`Bearer ${token}`, `${body} `, 'secret-secret')).toBe(false);
    expect(verifyVonageJwt(`Bearer ${token}`, body, 'other')).toBe(false);
    const unsigned = jwt.sign({ payload_hash: hash }, '', { algorithm: 'none' });
    expect(verifyVonageJwt(`Bearer ${unsigned}`, body, 'secret-secret')).toBe(false);
  });
});

describe('vonageStatusError', () => {
  it.each([
    ['1', 'transient'],
    ['5', 'transient'],
    ['9', 'transient'],
    ['3', 'permanent'],
    ['6', 'permanent'],
    ['7', 'permanent'],
    ['29', 'permanent'],
  ] as const)('status %s is %s', (status, kind) => {
    expect(vonageStatusError(status, 'x')).toMatchObject({ kind, code: status });
  });
});
