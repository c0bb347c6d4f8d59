import { capHeapGrowth } from './heap-growth';

describe('capHeapGrowth', () => {
  it("sets V8's heap growing factor", () => {
    const setFlags = jest.fn();
    capHeapGrowth(100, setFlags);
    expect(setFlags.mock.calls).toEqual([['--heap-growing-percent=100']]);
  });

  it.each([0, 5, 301, 12.5, Number.NaN])('refuses %p, setting nothing', (percent) => {
    const setFlags = jest.fn();
    expect(() => capHeapGrowth(percent, setFlags)).toThrow(RangeError);
    expect(setFlags).not.toHaveBeenCalled();
  });
});
