import { lowBalanceTransition } from './low-balance-transition';

describe('lowBalanceTransition', () => {
  it('announces once on the way down, re-arms on the way up', () => {
    expect(lowBalanceTransition(499, 500, false)).toBe('announce');
    expect(lowBalanceTransition(100, 500, true)).toBe('none');
    expect(lowBalanceTransition(500, 500, true)).toBe('rearm');
    expect(lowBalanceTransition(900, 500, false)).toBe('none');
  });

  it('is off with a zero threshold', () => {
    expect(lowBalanceTransition(0, 0, false)).toBe('none');
  });
});
