import helmet from '@fastify/helmet';
import fastify from 'fastify';
import { HELMET_OPTIONS, useSecurityHeaders } from './security-headers';

async function headersFrom(setUp: (server: ReturnType<typeof fastify>) => Promise<void>): Promise<Record<string, unknown>> {
  const server = fastify();
  await setUp(server);
  server.get('/thing', () => ({ ok: true }));
  const [found, missing] = [await server.inject({ url: '/thing' }), await server.inject({ url: '/nowhere' })];
  await server.close();
  const { date: _date, ...headers } = found.headers;
  expect(missing.headers['x-content-type-options']).toBe('nosniff');
  return headers;
}

describe('useSecurityHeaders', () => {
  it('sets exactly the headers @fastify/helmet sets, on found and not-found routes', async () => {
    const withPlugin = await headersFrom(async (server) => void (await server.register(helmet, HELMET_OPTIONS)));
    const precomputed = await headersFrom((server) => useSecurityHeaders(server));
    expect(precomputed).toEqual(withPlugin);
    expect(precomputed['content-security-policy']).toContain("script-src 'self' https: 'unsafe-inline'");
  });
});
