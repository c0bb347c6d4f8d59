import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { recordInternalError } from '../problem-details/internal-error-log';
import { mapErrorToProblem } from '../problem-details/map-error-to-problem';
import { TwilioError, twilioErrorOf } from './twilio-errors';

/** The facade answers every error in Twilio's JSON shape, which Twilio's clients turn into a RestException. */
@Catch()
export class TwilioErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('TwilioCompat');

  constructor(private readonly api: 'messaging' | 'verify') {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    let answer: TwilioError;
    if (error instanceof TwilioError) answer = error;
    else {
      const { problem, internal } = mapErrorToProblem(error);
      if (internal) recordInternalError(this.logger, request, error, problem.status);
      answer = twilioErrorOf(problem, this.api);
    }
    if (reply.sent) return;
    for (const [name, value] of Object.entries(answer.headers)) void reply.header(name, value);
    void reply.status(answer.status).header('content-type', 'application/json; charset=utf-8').send(answer.document());
  }
}
