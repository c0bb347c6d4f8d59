import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { CorrelationContext, requestContextOf } from '@zagel/observability';

/**
 * The request's correlation (its ids, and its tenant once authenticated): what the calls made on its
 * behalf carry, since the gateway enters no implicit correlation context.
 */
export const RequestCorrelation = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CorrelationContext => requestContextOf(context.switchToHttp().getRequest<FastifyRequest>().raw),
);
