import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { isOperationalUrl } from '../http/operational-routes';
import { requestSpanOf } from '../http/http-tracing';
import { requestContextOf } from '../http/request-context';
import { spanFields } from '../tracing/spans';
import { correlationFields } from './correlation-fields';

const installed = new WeakSet<FastifyInstance>();

/** A 503 is a refusal (capacity, a dependency down) the client retries after `Retry-After`: under overload there are thousands, not errors of ours. */
export function levelFor(statusCode: number): 'error' | 'warn' | 'info' {
  if (statusCode >= 500 && statusCode !== 503) return 'error';
  return statusCode >= 400 ? 'warn' : 'info';
}

/**
 * The access log: one `request completed` line per request (none for health and metrics polls), written
 * from Fastify's onResponse hook with the fields pino-http wrote (`reqId`, `req`, `res`, `responseTime`,
 * the correlation ids), credentials redacted by the logger. One write per request and nothing per request
 * before it: no child logger, no Nest middleware. The ids come from the request itself, since the response
 * may finish outside the request's async context; app lines inside a request get `reqId` from that context.
 */
export function installAccessLog(instance: FastifyInstance, logger: Logger): void {
  if (installed.has(instance)) return;
  installed.add(instance);
  instance.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const raw = request.raw;
    const statusCode = reply.statusCode;
    const level = levelFor(statusCode);
    // Nothing is built for a line the level leaves out (LOG_LEVEL=warn drops every successful request).
    if (logger.isLevelEnabled(level) && !isOperationalUrl(raw.url)) {
      const context = requestContextOf(raw);
      const line = {
        ...correlationFields(context),
        ...spanFields(requestSpanOf(raw)),
        reqId: context.requestId,
        req: {
          id: context.requestId,
          method: request.method,
          url: raw.url,
          query: request.query,
          params: request.params,
          headers: raw.headers,
          remoteAddress: raw.socket?.remoteAddress,
          remotePort: raw.socket?.remotePort,
        },
        res: { statusCode, headers: reply.getHeaders() },
        responseTime: Math.round(reply.elapsedTime),
      };
      logger[level](line, 'request completed');
    }
    done();
  });
}
