import { AsyncResource } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CorrelationContext, runWithCorrelation } from '../correlation-context';
import { isSaneId, pickRequestId } from './request-id';

export const REQUEST_ID_HEADER = 'x-request-id';
export const CORRELATION_ID_HEADER = 'x-correlation-id';

const CONTEXT = Symbol('zagel.requestContext');
const RESOURCE = Symbol('zagel.requestAsyncResource');

/** A request's correlation context: it always has a request id. */
export type RequestContext = CorrelationContext & { requestId: string };

type RequestWithContext = IncomingMessage & { [CONTEXT]?: RequestContext };
type FastifyRequestWithResource = FastifyRequest & { [RESOURCE]?: AsyncResource };

/**
 * The correlation context of one HTTP request, created on first use and kept on the raw request,
 * so the Fastify hook and the pino-http request logger agree on the same ids whichever runs first.
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

/**
 * Runs every request of this Fastify instance inside `runWithCorrelation`, so controllers, use
 * cases, log lines and published messages see the request's correlation id.
 *
 * Call it on `app.getHttpAdapter().getInstance()` before `app.init()`/`app.listen()`: its hook then
 * runs before Nest middleware. (LoggingModule installs it itself during init when the bootstrap did
 * not, which covers everything but Nest middleware.) Calling it twice is harmless.
 *
 * Fastify reads a request body from stream events, which lose the async context; the context
 * captured after the request hooks is restored before validation, so POST handlers keep it too.
 */
export function installRequestContext(instance: FastifyInstance): void {
  if (installed.has(instance)) return;
  installed.add(instance);

  instance.addHook('onRequest', (request, reply, done) => {
    runWithCorrelation(requestContextOf(request.raw, reply.raw), done);
  });
  instance.addHook('preParsing', (request, _reply, payload, done) => {
    (request as FastifyRequestWithResource)[RESOURCE] = new AsyncResource('zagel.request');
    done(null, payload);
  });
  instance.addHook('preValidation', (request, _reply, done) => {
    const resource = (request as FastifyRequestWithResource)[RESOURCE];
    if (resource) resource.runInAsyncScope(done);
    else done();
  });
}

export function isRequestContextInstalled(instance: FastifyInstance): boolean {
  return installed.has(instance);
}
