import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { reportError, requestContextOf } from '@zagel/observability';
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
    if (internal) {
      this.logger.error(`${request.method} ${request.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      // The route's pattern (`/v1/messages/:id`), not the URL: ids and query strings stay out of the tags.
      reportError(error, { source: 'http', tags: { route: `${request.method} ${request.routeOptions?.url ?? 'unmatched'}`, status: String(problem.status) } });
    }
    if (reply.sent) return;
    const instance = request.url.split('?', 1)[0];
    const { requestId } = requestContextOf(request.raw, reply.raw);
    for (const [name, value] of Object.entries(problem.headers ?? {})) void reply.header(name, value);
    void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problemDocument(problem, instance, requestId));
  }
}
