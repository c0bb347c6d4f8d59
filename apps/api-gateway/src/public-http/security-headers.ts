import helmet, { FastifyHelmetOptions } from '@fastify/helmet';
import fastify, { FastifyInstance } from 'fastify';

/** The API serves JSON only; the Swagger UI at /docs needs inline styles and scripts. */
export const HELMET_OPTIONS: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'validator.swagger.io'],
      scriptSrc: ["'self'", "https: 'unsafe-inline'"],
    },
  },
};

/** Headers a reply carries whatever the plugins: not helmet's. */
const REPLY_OWN_HEADERS = new Set(['content-length', 'content-type', 'date', 'connection', 'keep-alive']);

/**
 * The headers @fastify/helmet sets with these options, worked out once on a throwaway Fastify
 * instance. The plugin rebuilds helmet's middleware (CSP parsing included) on every request,
 * a sizeable share of an API request's cost, for headers that never change.
 */
export async function securityHeadersOf(options: FastifyHelmetOptions): Promise<ReadonlyArray<readonly [string, string]>> {
  const probe = fastify();
  try {
    await probe.register(helmet, options);
    probe.get('/', (_request, reply) => reply.send());
    const { headers } = await probe.inject({ method: 'GET', url: '/' });
    return Object.entries(headers)
      .filter(([name]) => !REPLY_OWN_HEADERS.has(name))
      .map(([name, value]) => [name, String(value)] as const);
  } finally {
    await probe.close();
  }
}

/** Every response (404s and problems included) gets helmet's headers, set where helmet's own hook set them. */
export async function useSecurityHeaders(instance: FastifyInstance, options: FastifyHelmetOptions = HELMET_OPTIONS): Promise<void> {
  const headers = await securityHeadersOf(options);
  instance.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}
