import { destinationPrefix, retryAfterSeconds } from './fraud-rules';

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

describe('retryAfterSeconds', () => {
  it('rounds up to whole seconds, at least one', () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(0)).toBe(1);
    expect(retryAfterSeconds(29_001)).toBe(30);
  });
});
