import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Options } from 'pino-http';
import { isOperationalUrl } from '../http/operational-routes';
import { requestContextOf } from '../http/request-context';
import { correlationFields } from './correlation-fields';

function levelFor(res: ServerResponse, err: Error | undefined): 'error' | 'warn' | 'info' {
  if (err || res.statusCode >= 500) return 'error';
  return res.statusCode >= 400 ? 'warn' : 'info';
}

/**
 * pino-http settings: one `request completed` line per request (none for health and metrics
 * polls), app log lines inside a request carry `reqId`, the request id is echoed as `x-request-id`.
 * The completion line reads the ids from the request itself: the response may finish outside the
 * request's async context.
 */
export function httpLoggingOptions(logger: Logger): Options<IncomingMessage, ServerResponse> {
  const withCorrelation = (req: IncomingMessage, _res: ServerResponse, fields: object) => ({
    ...correlationFields(requestContextOf(req)),
    ...fields,
  });
  return {
    logger,
    quietReqLogger: true,
    genReqId: (req, res) => requestContextOf(req, res).requestId,
    // Nest middleware sees the URL relative to its mount path; middie keeps the original.
    autoLogging: { ignore: (req) => isOperationalUrl((req as { originalUrl?: string }).originalUrl ?? req.url) },
    customLogLevel: (_req, res, err) => levelFor(res, err),
    customSuccessObject: withCorrelation,
    customErrorObject: withCorrelation,
  };
}
