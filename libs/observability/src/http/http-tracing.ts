import type { IncomingMessage } from 'node:http';
import { context, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE, ATTR_URL_PATH } from '@opentelemetry/semantic-conventions';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { startSpan } from '../tracing/spans';
import { contextFromCarrier } from '../tracing/trace-context';
import { tracingEnabled } from '../tracing/tracing';
import { isOperationalUrl } from './operational-routes';

const SPAN = Symbol('zagel.requestSpan');

type RequestWithSpan = IncomingMessage & { [SPAN]?: Span };

/**
 * Runs the rest of a request (`done`: Fastify's next step) inside an HTTP server span that continues
 * the caller's `traceparent`, if it sent one; the span ends when the response is closed, failed on a
 * 5xx. Health and metrics polls get none. Tracing off: calls `done` as it is.
 */
export function runInRequestSpan(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  const raw = request.raw;
  if (!tracingEnabled() || isOperationalUrl(raw.url)) return done();
  const parent = contextFromCarrier(raw.headers, ROOT_CONTEXT);
  const route = request.routeOptions?.url;
  const span = startSpan({
    name: route ? `${request.method} ${route}` : request.method,
    kind: SpanKind.SERVER,
    parent,
    attributes: {
      [ATTR_HTTP_REQUEST_METHOD]: request.method,
      [ATTR_URL_PATH]: (raw.url ?? '').split('?', 1)[0],
      ...(route ? { [ATTR_HTTP_ROUTE]: route } : {}),
    },
  });
  if (!span) return done();
  (raw as RequestWithSpan)[SPAN] = span;
  reply.raw.once('close', () => {
    const statusCode = reply.raw.statusCode;
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, statusCode);
    if (statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(trace.setSpan(parent, span), done);
}

/** The server span of a request, for lines written outside its context (the access log). */
export function requestSpanOf(raw: IncomingMessage): Span | undefined {
  return (raw as RequestWithSpan)[SPAN];
}
