import { HttpException } from '@nestjs/common';
import { RpcRemoteError, RpcTimeoutError, RpcUnavailableError } from '@zagel/messaging';
import { isLiveLaneFull, liveCapacityExceeded } from '../live-capacity/live-capacity';
import { MalformedJsonError } from './problem-details.errors';
import { problem, Problem, ProblemException } from './problem';
import { problemFromRemoteError, serviceUnavailable } from './remote-error-problems';

const INTERNAL = problem(500, 'internal_error', 'Something went wrong on our side; it has been logged.');

/** Fastify's own errors (raised before Nest sees the request) by their code. */
const FASTIFY_ERRORS: Record<string, Problem> = {
  FST_ERR_CTP_BODY_TOO_LARGE: problem(413, 'payload_too_large', 'The request body is larger than this API accepts.'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: problem(415, 'unsupported_media_type', 'Send the body as application/json.'),
  FST_ERR_CTP_EMPTY_JSON_BODY: problem(400, 'malformed_json', 'The body is empty although its content type is JSON.'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: problem(400, 'bad_request', 'The Content-Length header does not match the body.'),
};

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

function fromHttpException(error: HttpException): Problem {
  const status = error.getStatus();
  const response = error.getResponse();
  const message = typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : response;
  const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : error.message;
  if (status === 404) return problem(404, 'not_found', 'No such resource.');
  if (status === 400 && error.cause instanceof MalformedJsonError) return problem(400, 'malformed_json', 'The body is not valid JSON.');
  if (status === 413) return FASTIFY_ERRORS.FST_ERR_CTP_BODY_TOO_LARGE;
  if (status >= 500) return INTERNAL;
  return problem(status, CODE_BY_STATUS[status] ?? `http_${status}`, detail);
}

/** Every error the gateway can meet, as the problem the client sees. `internal` marks those worth an error log. */
export function mapErrorToProblem(error: unknown): { problem: Problem; internal: boolean } {
  if (error instanceof ProblemException) return { problem: error.problem, internal: false };
  // A bounded live queue refused a publish (the gateway's own, or a service's that answered with it).
  if (isLiveLaneFull(error)) return { problem: liveCapacityExceeded(), internal: false };
  if (error instanceof MalformedJsonError) {
    return { problem: problem(400, 'malformed_json', 'The body is not valid JSON.'), internal: false };
  }
  if (error instanceof RpcRemoteError) {
    const mapped = problemFromRemoteError(error);
    return mapped ? { problem: mapped, internal: false } : { problem: INTERNAL, internal: true };
  }
  if (error instanceof RpcTimeoutError || error instanceof RpcUnavailableError) {
    return { problem: serviceUnavailable(), internal: true };
  }
  if (error instanceof HttpException) {
    const mapped = fromHttpException(error);
    return { problem: mapped, internal: mapped.status >= 500 };
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && FASTIFY_ERRORS[code]) return { problem: FASTIFY_ERRORS[code], internal: false };
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (error instanceof SyntaxError && statusCode === 400) {
    return { problem: problem(400, 'malformed_json', 'The body is not valid JSON.'), internal: false };
  }
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return { problem: problem(statusCode, 'bad_request', 'The request could not be read.'), internal: false };
  }
  return { problem: INTERNAL, internal: true };
}
