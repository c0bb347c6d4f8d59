import { createHash } from 'node:crypto';
import jwt from 'jsonwebtoken';
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
