import { clearedRefreshCookie, cookieIsSecure, isJsonRequest, refreshCookie, refreshTokenInCookies } from './refresh-cookie';

describe('the refresh cookie', () => {
  it('is httpOnly, SameSite=Strict and scoped to /v1/auth, Secure when asked', () => {
    expect(refreshCookie('zr_abc-_9', true)).toBe('zagel_refresh=zr_abc-_9; Path=/v1/auth; HttpOnly; SameSite=Strict; Secure');
    expect(refreshCookie('zr_abc', false)).toBe('zagel_refresh=zr_abc; Path=/v1/auth; HttpOnly; SameSite=Strict');
    expect(clearedRefreshCookie(true)).toBe('zagel_refresh=; Path=/v1/auth; HttpOnly; SameSite=Strict; Secure; Max-Age=0');
  });

  it('is Secure in auto mode except on plain http to a loopback host', () => {
    expect(cookieIsSecure('auto', { protocol: 'http', hostname: '127.0.0.1' })).toBe(false);
    expect(cookieIsSecure('auto', { protocol: 'http', hostname: 'localhost' })).toBe(false);
    expect(cookieIsSecure('auto', { protocol: 'http', hostname: 'app.localhost' })).toBe(false);
    expect(cookieIsSecure('auto', { protocol: 'http', hostname: 'zagel.example.com' })).toBe(true);
    expect(cookieIsSecure('auto', { protocol: 'https', hostname: 'localhost' })).toBe(true);
    expect(cookieIsSecure('always', { protocol: 'http', hostname: 'localhost' })).toBe(true);
    expect(cookieIsSecure('never', { protocol: 'https', hostname: 'zagel.example.com' })).toBe(false);
  });

  it('is read from a Cookie header among others, and absent when empty or missing', () => {
    expect(refreshTokenInCookies('theme=dark; zagel_refresh=zr_x%2By; other=1')).toBe('zr_x+y');
    expect(refreshTokenInCookies('zagel_refresh=')).toBeUndefined();
    expect(refreshTokenInCookies('not_zagel_refresh=zr_1')).toBeUndefined();
    expect(refreshTokenInCookies('zagel_refresh=%E0%A4%A')).toBeUndefined();
    expect(refreshTokenInCookies(undefined)).toBeUndefined();
  });

  it('counts only application/json as a JSON request (what a cross-site form cannot send)', () => {
    expect(isJsonRequest('application/json; charset=utf-8')).toBe(true);
    expect(isJsonRequest('Application/JSON')).toBe(true);
    expect(isJsonRequest('application/x-www-form-urlencoded')).toBe(false);
    expect(isJsonRequest('text/plain')).toBe(false);
    expect(isJsonRequest(undefined)).toBe(false);
  });
});
