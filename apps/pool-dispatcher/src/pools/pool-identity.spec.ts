import { carrierKey, poolsFor, quotaDay } from './pool-identity';

describe('pool identity', () => {
  it('files a numbering-plan name and a SIM name under one carrier key', () => {
    expect(carrierKey('Vodafone')).toBe('vodafone');
    expect(carrierKey('Vodafone EG')).toBe('vodafone');
    expect(carrierKey('  T-Mobile US ')).toBe('t-mobile');
    expect(carrierKey('')).toBeNull();
    expect(carrierKey(null)).toBeNull();
  });

  it('tries the carrier pool before the country pool', () => {
    expect(poolsFor('EG', 'vodafone')).toEqual([
      { country: 'EG', carrier: 'vodafone' },
      { country: 'EG', carrier: null },
    ]);
    expect(poolsFor('EG', null)).toEqual([{ country: 'EG', carrier: null }]);
  });

  it('counts quotas per UTC day', () => {
    expect(quotaDay(new Date('2026-11-30T23:59:59.999Z'))).toBe('2026-11-30');
    expect(quotaDay(new Date('2026-12-01T00:00:00.000Z'))).toBe('2026-12-01');
  });
});
