import { ExpiringCache } from './expiring-cache';

describe('ExpiringCache', () => {
  let now = 0;
  const cache = () => new ExpiringCache<string>(2, () => now);

  beforeEach(() => {
    now = 1_000;
  });

  it('returns an entry until its time is up', () => {
    const entries = cache();
    entries.set('a', 'A', 100);
    now += 99;
    expect(entries.get('a')).toBe('A');
    now += 1;
    expect(entries.get('a')).toBeUndefined();
  });

  it('drops the oldest entry when full, and stores nothing for a non-positive time', () => {
    const entries = cache();
    entries.set('a', 'A', 100);
    entries.set('b', 'B', 100);
    entries.set('c', 'C', 100);
    entries.set('d', 'D', 0);
    expect([entries.get('a'), entries.get('b'), entries.get('c'), entries.get('d')]).toEqual([undefined, 'B', 'C', undefined]);
  });

  it('forgets a deleted entry', () => {
    const entries = cache();
    entries.set('a', 'A', 100);
    entries.delete('a');
    expect(entries.get('a')).toBeUndefined();
  });
});
