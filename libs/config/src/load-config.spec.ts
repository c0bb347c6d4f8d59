import { ConfigError, loadConfig } from './load-config';
import { PlatformConfig } from './platform.config';

describe('loadConfig', () => {
  it('fills in the defaults and turns values into their types', () => {
    const config = loadConfig('test', PlatformConfig, { BUS_PREFETCH: '25', BUS_RETRY_DELAYS_MS: '10, 20', PORT: '3003' });

    expect(config).toMatchObject({ NODE_ENV: 'development', BUS_PREFETCH: 25, BUS_RETRY_DELAYS_MS: [10, 20], PORT: 3003 });
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/zagel');
    expect(config.ZAGEL_NAMESPACE).toBeUndefined();
  });

  it('takes an empty value as unset', () => {
    expect(loadConfig('test', PlatformConfig, { LOG_LEVEL: '', ZAGEL_NAMESPACE: '', PORT: '1' })).toMatchObject({ LOG_LEVEL: 'info' });
  });

  it('names every bad variable, never its value', () => {
    const secret = 'mysql://root:hunter2@db';
    let error: unknown;
    try {
      loadConfig('billing', PlatformConfig, { DATABASE_URL: secret, BUS_PREFETCH: 'many', PORT: '1' });
    } catch (thrown) {
      error = thrown;
    }

    expect(error).toBeInstanceOf(ConfigError);
    const { service, problems, message } = error as ConfigError;
    expect(service).toBe('billing');
    expect([...new Set(problems.map((problem) => problem.split(':')[0]))].sort()).toEqual(['BUS_PREFETCH', 'DATABASE_URL']);
    expect(message).toMatch(/^billing: invalid configuration: /);
    expect(message).not.toContain('hunter2');
  });

  it('refuses a missing setting that has no default', () => {
    expect(() => loadConfig('test', PlatformConfig, {})).toThrow(/PORT: /);
  });
});
