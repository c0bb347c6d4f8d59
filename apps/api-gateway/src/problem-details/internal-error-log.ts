import { Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { correlationFields, reportError, requestContextOf } from '@zagel/observability';

/**
 * An error the caller gets a 500 for: logged with the request's ids and tenant (the gateway enters no
 * correlation context, so the logger cannot add them) and reported with the route's pattern
 * (`/v1/messages/:id`, not the URL: ids and query strings stay out of the tags).
 */
export function recordInternalError(logger: Logger, request: FastifyRequest, error: unknown, status: number): void {
  const context = requestContextOf(request.raw);
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  logger.error({ ...correlationFields(context), msg: `${request.method} ${request.url}: ${text}` });
  reportError(error, {
    source: 'http',
    tenantId: context.tenantId,
    correlationId: context.correlationId,
    tags: { route: `${request.method} ${request.routeOptions?.url ?? 'unmatched'}`, status: String(status) },
  });
}
