import { ConfigError, loadConfig } from '@zagel/config';
import { OtpConfig } from '../config';
import { CodeSecrets } from './code-secrets';

function secrets(key = 'k'.repeat(40)): CodeSecrets {
  const config = new OtpConfig();
  config.OTP_CODE_HMAC_KEY = key;
  return new CodeSecrets(config);
}

describe('CodeSecrets', () => {
  const id = '0190a6f2-7c3e-7abc-8def-0123456789ab';

  it('matches the right code only, for this verification only, under this key only', () => {
    const hmac = secrets().hmac(id, '482913');
    expect(hmac).not.toContain('482913');
    expect(secrets().matches(hmac, id, '482913')).toBe(true);
    expect(secrets().matches(hmac, id, '482914')).toBe(false);
    expect(secrets().matches(hmac, '0190a6f2-7c3e-7abc-8def-0123456789ac', '482913')).toBe(false);
    expect(secrets('x'.repeat(40)).matches(hmac, id, '482913')).toBe(false);
  });

  it('refuses a stored value of another length without throwing', () => {
    expect(secrets().matches('c2hvcnQ=', id, '482913')).toBe(false);
  });

  it('seals a code that only the same key and verification open', () => {
    const sealed = secrets().seal(id, 'AC3D4X');
    expect(sealed).not.toContain('AC3D4X');
    expect(secrets().seal(id, 'AC3D4X')).not.toBe(sealed);
    expect(secrets().unseal(id, sealed)).toBe('AC3D4X');
    expect(() => secrets('x'.repeat(40)).unseal(id, sealed)).toThrow();
    expect(() => secrets().unseal('0190a6f2-7c3e-7abc-8def-0123456789ac', sealed)).toThrow();
  });
});

describe('OTP_CODE_HMAC_KEY', () => {
  it('is required in production and must be long enough anywhere', () => {
    expect(() => loadConfig('otp', OtpConfig, { NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig('otp', OtpConfig, { NODE_ENV: 'development', OTP_CODE_HMAC_KEY: 'short' })).toThrow(/32 characters/);
    expect(loadConfig('otp', OtpConfig, { NODE_ENV: 'production', OTP_CODE_HMAC_KEY: 'k'.repeat(32) }).OTP_CODE_HMAC_KEY).toHaveLength(32);
    expect(loadConfig('otp', OtpConfig, { NODE_ENV: 'development' }).OTP_CODE_HMAC_KEY).toBeUndefined();
  });
});
