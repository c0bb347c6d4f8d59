import { carrierKey, poolsFor } from './pool-identity';

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
});
