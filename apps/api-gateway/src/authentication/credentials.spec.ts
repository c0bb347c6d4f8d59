import { parseCredential } from './credentials';

describe('parseCredential', () => {
  it('finds no credential in a bare request', () => {
    expect(parseCredential({})).toEqual({ kind: 'none' });
    expect(parseCredential({ 'x-api-key': '' })).toEqual({ kind: 'none' });
  });

  it('takes a bearer JWT', () => {
    expect(parseCredential({ authorization: 'Bearer eyJ.abc.def' })).toEqual({ kind: 'jwt', token: 'eyJ.abc.def' });
    expect(parseCredential({ authorization: 'bearer   eyJ.abc.def ' })).toEqual({ kind: 'jwt', token: 'eyJ.abc.def' });
  });

  it('takes an API key as a bearer token or in X-API-Key', () => {
    expect(parseCredential({ authorization: 'Bearer zk_live_abc' })).toEqual({ kind: 'api_key', key: 'zk_live_abc' });
    expect(parseCredential({ 'x-api-key': 'zk_live_abc' })).toEqual({ kind: 'api_key', key: 'zk_live_abc' });
    expect(parseCredential({ 'x-api-key': 'zk_live_abc', authorization: 'Bearer zk_live_abc' })).toEqual({ kind: 'api_key', key: 'zk_live_abc' });
  });

  it('reads HTTP Basic (the Twilio-compatible API) as a username and a password', () => {
    expect(parseCredential({ authorization: `Basic ${Buffer.from('SK0123:zk_live_a:b').toString('base64')}` })).toEqual({ kind: 'basic', username: 'SK0123', password: 'zk_live_a:b' });
  });

  it.each([
    ['another scheme', { authorization: 'Digest username="a"' }],
    ['Basic without a password', { authorization: `Basic ${Buffer.from('SKabc:').toString('base64')}` }],
    ['Basic beside X-API-Key', { authorization: 'Basic dXNlcjpwYXNz', 'x-api-key': 'zk_live_abc' }],
    ['an empty bearer', { authorization: 'Bearer ' }],
    ['a token with spaces', { authorization: 'Bearer a b' }],
    ['two different credentials', { authorization: 'Bearer eyJ.a.b', 'x-api-key': 'zk_live_abc' }],
    ['a JWT in X-API-Key', { 'x-api-key': 'eyJ.a.b' }],
    ['repeated headers', { 'x-api-key': ['zk_live_a', 'zk_live_b'] }],
  ])('calls %s malformed', (_name, headers) => {
    expect(parseCredential(headers).kind).toBe('malformed');
  });
});
