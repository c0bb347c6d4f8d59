import { lowerCaseHeaders, publicRequestUrl } from './public-request-url';

describe('publicRequestUrl', () => {
  const request = {
    protocol: 'http',
    url: '/v1/webhooks/providers/twilio?x=1',
    headers: { host: 'gateway:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'api.zagel.example, proxy.internal' },
  };

  it('uses the forwarded scheme and host only when trusted', () => {
    expect(publicRequestUrl(request, true)).toBe('https://api.zagel.example/v1/webhooks/providers/twilio?x=1');
    expect(publicRequestUrl(request, false)).toBe('http://gateway:3000/v1/webhooks/providers/twilio?x=1');
  });

  it('ignores a forwarded scheme that is not http(s)', () => {
    expect(publicRequestUrl({ ...request, headers: { host: 'h', 'x-forwarded-proto': 'gopher' } }, true)).toBe(
      'http://h/v1/webhooks/providers/twilio?x=1',
    );
  });
});

describe('lowerCaseHeaders', () => {
  it('lower-cases names and joins repeated values', () => {
    expect(lowerCaseHeaders({ 'X-Twilio-Signature': 'abc', 'set-thing': ['a', 'b'], gone: undefined })).toEqual({
      'x-twilio-signature': 'abc',
      'set-thing': 'a, b',
    });
  });
});
