import { isSaneId, pickRequestId } from './request-id';

describe('request ids', () => {
  it.each(['abc', 'req-1', '0190a6f2-7c3e-7abc-8def-0123456789ab', 'svc:42.a_b', 'a'.repeat(128)])('accepts %s', (id) => {
    expect(isSaneId(id)).toBe(true);
  });

  it.each(['', ' x', 'has space', 'new\nline', '{"json":1}', '-leading-dash', 'a'.repeat(129), 'ü'])('refuses %j', (id) => {
    expect(isSaneId(id)).toBe(false);
  });

  it('refuses repeated headers and non-strings', () => {
    expect(isSaneId(['a', 'b'])).toBe(false);
    expect(isSaneId(undefined)).toBe(false);
    expect(isSaneId(42)).toBe(false);
  });

  it('keeps a sane incoming id and replaces anything else with a UUID', () => {
    expect(pickRequestId('req-7')).toBe('req-7');
    expect(pickRequestId('bad id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(pickRequestId(undefined)).not.toBe(pickRequestId(undefined));
  });
});
