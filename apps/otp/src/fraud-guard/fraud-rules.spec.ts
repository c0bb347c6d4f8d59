import { destinationPrefix, isPumping, retryAfterSeconds } from './fraud-rules';

describe('destinationPrefix', () => {
  it('is the calling code and the first national digits', () => {
    expect(destinationPrefix('+447700900123', 4)).toBe('44-7700');
    expect(destinationPrefix('+4915112345678', 3)).toBe('49-151');
    expect(destinationPrefix('+12025550123', 3)).toBe('1-202');
    expect(destinationPrefix('+989121234567', 3)).toBe('98-912');
  });

  it('keeps numbers of two ranges apart', () => {
    expect(destinationPrefix('+4915112345678', 4)).not.toBe(destinationPrefix('+4915212345678', 4));
  });
});

describe('isPumping', () => {
  const rule = { minVolume: 20, minVerifyRate: 0.2 };

  it('never judges a prefix below the volume', () => {
    expect(isPumping(19, 0, rule)).toBe(false);
  });

  it('blocks a busy prefix that almost nobody verifies', () => {
    expect(isPumping(20, 3, rule)).toBe(true);
    expect(isPumping(100, 0, rule)).toBe(true);
  });

  it('lets a busy prefix with normal conversion through', () => {
    expect(isPumping(20, 4, rule)).toBe(false);
    expect(isPumping(100, 80, rule)).toBe(false);
  });
});

describe('retryAfterSeconds', () => {
  it('rounds up to whole seconds, at least one', () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(0)).toBe(1);
    expect(retryAfterSeconds(29_001)).toBe(30);
  });
});
