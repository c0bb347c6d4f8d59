import { measureContent, senderProblem } from './message-format';

describe('measureContent', () => {
  it('prices a unicode text by UCS-2 segments and a binary one by 140-octet segments', () => {
    expect(measureContent('unicode', 'a'.repeat(100), undefined)).toEqual({ ok: true, encoding: 'UCS-2', segments: 2, onlyProviders: false });
    expect(measureContent('binary', 'ab'.repeat(200), '0605040b8423f0')).toEqual({ ok: true, encoding: '8-bit', segments: 2, onlyProviders: true });
    expect(measureContent('flash', 'Alert', undefined)).toEqual({ ok: true, encoding: 'GSM-7', segments: 1, onlyProviders: true });
  });

  it('refuses a udh on a text, and malformed binary', () => {
    expect(measureContent('text', 'hi', '0605040b8423f0')).toMatchObject({ ok: false, code: 'invalid_binary' });
    expect(measureContent('binary', 'zz', undefined)).toMatchObject({ ok: false, code: 'invalid_binary' });
  });
});

describe('senderProblem', () => {
  it.each([
    ['Zagel', 'EG', undefined],
    ['My Shop 24', 'DE', undefined],
    ['+14155550100', 'US', undefined],
    ['10004346', 'IR', undefined],
    ['Zagel', 'US', 'sender_id_not_supported'],
    ['Zagel', 'CA', 'sender_id_not_supported'],
    ['123456789012', 'EG', undefined],
    ['TwelveChars1', 'EG', 'invalid_sender_id'],
    ['Bad-Chars', 'EG', 'invalid_sender_id'],
    ['  ', 'EG', 'invalid_sender_id'],
  ])('%p to %p', (from, country, code) => {
    expect(senderProblem(from, country)?.code).toBe(code);
  });
});
