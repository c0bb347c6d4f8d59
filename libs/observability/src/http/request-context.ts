import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AbstractHttpAdapter } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CorrelationContext, runWithCorrelation } from '../correlation-context';
import { runInRequestSpan } from './http-tracing';
import { isSaneId, pickRequestId } from './request-id';

export const REQUEST_ID_HEADER = 'x-request-id';
export const CORRELATION_ID_HEADER = 'x-correlation-id';

const CONTEXT = Symbol('zagel.requestContext');

/** A request's correlation context: it always has a request id. */
export type RequestContext = CorrelationContext & { requestId: string };

type RequestWithContext = IncomingMessage & { [CONTEXT]?: RequestContext };

/**
 * The correlation context of one HTTP request, created on first use and kept on the raw request,
 * so the Fastify hook and the access log agree on the same ids whichever runs first.
 */
export function requestContextOf(req: IncomingMessage, res?: ServerResponse): RequestContext {
  const holder = req as RequestWithContext;
  let context = holder[CONTEXT];
  if (!context) {
    const requestId = pickRequestId(req.headers[REQUEST_ID_HEADER]);
    const correlationId = req.headers[CORRELATION_ID_HEADER];
    context = { correlationId: isSaneId(correlationId) ? correlationId : requestId, requestId };
    holder[CONTEXT] = context;
    if (res && !res.headersSent) res.setHeader(REQUEST_ID_HEADER, requestId);
  }
  return context;
}

const installed = new WeakSet<FastifyInstance>();

function enterRequestContext(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  const context = requestContextOf(request.raw, reply.raw);
  // Nest middleware gets the raw request's id from Fastify's request.
  request.id = context.requestId;
  runWithCorrelation(context, () => runInRequestSpan(request, reply, done));
}

/**
 * Runs every request of a Fastify instance inside `runWithCorrelation`, so handlers, use cases,
 * log lines and published messages see the request's correlation and request ids.
 *
 * Nest apps importing LoggingModule need not call it: the module installs the context through
 * the adapter's first request hook, ahead of Nest middleware, which a hook added after
 * `NestFactory.create` cannot be. For plain Fastify servers (and harmless to repeat).
 * Fastify 5 itself carries the async context across body parsing, so POST handlers keep it.
 */
export function installRequestContext(instance: FastifyInstance): void {
  if (installed.has(instance)) return;
  installed.add(instance);
  instance.addHook('onRequest', enterRequestContext);
}

/** The Nest variant: enters the context in the FastifyAdapter's own first onRequest hook. */
export function installRequestContextOnAdapter(adapter: AbstractHttpAdapter): boolean {
  if (adapter.getType() !== 'fastify') return false;
  const instance = adapter.getInstance<FastifyInstance>();
  if (installed.has(instance)) return true;
  installed.add(instance);
  adapter.setOnRequestHook(enterRequestContext);
  return true;
}
