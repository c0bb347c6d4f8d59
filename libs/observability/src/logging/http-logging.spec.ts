import { levelFor } from './http-logging';

describe('the access log level', () => {
  it('is info for answers, warn for client errors and refusals (503), error for the other server errors', () => {
    expect([200, 302, 404, 429, 503, 500, 502, 504].map(levelFor)).toEqual(['info', 'info', 'warn', 'warn', 'warn', 'error', 'error', 'error']);
  });
});
