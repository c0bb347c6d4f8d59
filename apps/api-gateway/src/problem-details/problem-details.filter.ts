import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestContextOf } from '@zagel/observability';
import { recordInternalError } from './internal-error-log';
import { mapErrorToProblem } from './map-error-to-problem';
import { PROBLEM_CONTENT_TYPE, problemDocument } from './problem';

/** Every error leaves the gateway as `application/problem+json` (RFC 9457) with a stable `code`. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { problem, internal } = mapErrorToProblem(error);
    if (internal) recordInternalError(this.logger, request, error, problem.status);
    if (reply.sent) return;
    const instance = request.url.split('?', 1)[0];
    const { requestId } = requestContextOf(request.raw, reply.raw);
    for (const [name, value] of Object.entries(problem.headers ?? {})) void reply.header(name, value);
    void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problemDocument(problem, instance, requestId));
  }
}
