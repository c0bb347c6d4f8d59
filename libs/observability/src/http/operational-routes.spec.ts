import { isOperationalUrl } from './operational-routes';

describe('isOperationalUrl', () => {
  it.each(['/health', '/health/', '/health/ready', '/health/ready?verbose=1', '/metrics'])('knows %s', (url) => {
    expect(isOperationalUrl(url)).toBe(true);
  });

  it.each(['/', '/v1/health', '/healthz', '/health/ready/x', '/metrics-old', undefined])('does not take %s', (url) => {
    expect(isOperationalUrl(url)).toBe(false);
  });
});
