import { randomBytes } from 'node:crypto';
import { SecretBox, secretsKeyFrom } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('opens what it sealed, for the same associated data only', () => {
    const sealed = box.seal('{"authToken":"s3cret"}', 'account-1');
    expect(sealed).not.toContain('s3cret');
    expect(box.open(sealed, 'account-1')).toBe('{"authToken":"s3cret"}');
    expect(() => box.open(sealed, 'account-2')).toThrow();
  });

  it('refuses a tampered ciphertext', () => {
    const sealed = box.seal('hello', 'a');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('hellp').toString('base64url');
    expect(() => box.open(parts.join('.'), 'a')).toThrow();
  });
});

describe('secretsKeyFrom', () => {
  it('reads base64 and hex keys of 32 bytes', () => {
    const key = randomBytes(32);
    expect(secretsKeyFrom({ PROVIDER_SECRETS_KEY: key.toString('base64'), NODE_ENV: 'production' })).toEqual(key);
    expect(secretsKeyFrom({ PROVIDER_SECRETS_KEY: key.toString('hex'), NODE_ENV: 'production' })).toEqual(key);
    expect(() => secretsKeyFrom({ PROVIDER_SECRETS_KEY: 'c2hvcnQ=', NODE_ENV: 'development' })).toThrow(/32 bytes/);
  });

  it('uses the development key anywhere but production', () => {
    expect(secretsKeyFrom({ NODE_ENV: 'development' })).toHaveLength(32);
    expect(secretsKeyFrom({ NODE_ENV: 'test', ZAGEL_NAMESPACE: 't1' })).toHaveLength(32);
    expect(() => secretsKeyFrom({ NODE_ENV: 'production' })).toThrow(/PROVIDER_SECRETS_KEY is required/);
  });
});
