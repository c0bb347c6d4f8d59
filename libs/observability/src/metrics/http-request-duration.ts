import type { FastifyInstance } from 'fastify';
import { Histogram, Registry, register } from 'prom-client';

export const HTTP_REQUEST_DURATION = 'zagel_http_request_duration_seconds';

type HttpLabels = 'method' | 'route' | 'status';

/** Fine buckets at the low end: the OTP path's targets are p50 10 ms and p99 50 ms. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The histogram, registered once per registry. */
export function httpRequestDuration(registry: Registry = register): Histogram<HttpLabels> {
  const existing = registry.getSingleMetric(HTTP_REQUEST_DURATION) as Histogram<HttpLabels> | undefined;
  return (
    existing ??
    new Histogram({
      name: HTTP_REQUEST_DURATION,
      help: 'HTTP requests by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: BUCKETS,
      registers: [registry],
    })
  );
}

/**
 * Times every response of the Fastify instance, including those ended by guards, filters and
 * the not-found handler (an interceptor would miss them). `route` is the route pattern
 * (`/v1/messages/:id`), `unmatched` for unknown paths, so the label set stays small.
 */
export function recordHttpRequestDurations(instance: FastifyInstance, histogram: Histogram<HttpLabels>): void {
  instance.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    histogram.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
