import { minorUnits } from './money';

describe('amounts typed by a person', () => {
  it('read in currency units as signed minor units', () => {
    expect(minorUnits('50')).toBe(5000);
    expect(minorUnits('-12.5')).toBe(-1250);
    expect(minorUnits('0.29')).toBe(29);
  });
});
