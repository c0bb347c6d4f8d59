import { inboundAddress } from './inbound-address';

describe('inboundAddress', () => {
  it('reads international digits with or without + or 00 as E.164', () => {
    expect(inboundAddress('14155550100')).toBe('+14155550100');
    expect(inboundAddress('+14155550100')).toBe('+14155550100');
    expect(inboundAddress('0044 7911 123456')).toBe('+447911123456');
  });

  it('reads national digits in the default country', () => {
    expect(inboundAddress('09123456789', 'IR')).toBe('+989123456789');
    expect(inboundAddress('9123456789', 'IR')).toBe('+989123456789');
    expect(inboundAddress('989123456789', 'IR')).toBe('+989123456789');
  });

  it('keeps short codes and alphanumeric senders as given', () => {
    expect(inboundAddress('10004346')).toBe('10004346');
    expect(inboundAddress('3000')).toBe('3000');
    expect(inboundAddress('Zagel')).toBe('Zagel');
  });
});
