import { BadRequestException, NotFoundException } from '@nestjs/common';
import { RpcRemoteError, RpcTimeoutError, RpcUnavailableError } from '@zagel/messaging';
import { mapErrorToProblem } from './map-error-to-problem';
import { MalformedJsonError } from './problem-details.errors';
import { problem, ProblemException, problemDocument } from './problem';

const remote = (code: string, details?: Record<string, unknown>) => new RpcRemoteError(code, `remote says ${code}`, 'auth.x', 'auth', details);

describe('mapErrorToProblem', () => {
  it.each([
    ['email_taken', 409],
    ['invalid_credentials', 401],
    ['weak_password', 422],
    ['invalid_refresh_token', 401],
    ['refresh_token_reused', 401],
    ['not_found', 404],
    ['forbidden', 403],
    ['organization_suspended', 403],
    ['already_member', 409],
    ['last_owner', 409],
    ['invalid_api_key', 401],
  ])('maps the remote code %s to %i with the same code', (code, status) => {
    const { problem: mapped } = mapErrorToProblem(remote(code));
    expect(mapped).toMatchObject({ status, code });
  });

  it('maps a full live queue, thrown by the bus or answered by a service, to 503 live_capacity_exceeded with Retry-After', () => {
    const thrown = Object.assign(new Error('the live lane is full'), { code: 'live_lane_full' });
    for (const error of [thrown, remote('live_lane_full', { retryAfterSeconds: 1 })]) {
      const { problem: mapped, internal } = mapErrorToProblem(error);
      expect(mapped).toMatchObject({ status: 503, code: 'live_capacity_exceeded', headers: { 'Retry-After': '1' } });
      expect(internal).toBe(false);
    }
  });

  it('passes weak password reasons on, and nothing internal', () => {
    const { problem: mapped } = mapErrorToProblem(remote('weak_password', { reasons: ['too short'], sql: 'SELECT' }));
    expect(mapped.extensions).toEqual({ reasons: ['too short'] });
  });

  it('answers too_many_attempts with 429 and Retry-After', () => {
    const { problem: mapped } = mapErrorToProblem(remote('too_many_attempts', { retryAfterSeconds: 30.2 }));
    expect(mapped).toMatchObject({ status: 429, headers: { 'Retry-After': '31' } });
  });

  it('hides unknown remote errors as internal_error', () => {
    const { problem: mapped, internal } = mapErrorToProblem(remote('internal', { secret: 1 }));
    expect(mapped).toMatchObject({ status: 500, code: 'internal_error' });
    expect(mapped.detail).not.toContain('remote');
    expect(internal).toBe(true);
  });

  it.each([new RpcTimeoutError('auth.x', 'auth', 100), new RpcUnavailableError('auth.x', 'auth')])('maps %p to 503 with Retry-After', (error) => {
    const { problem: mapped } = mapErrorToProblem(error);
    expect(mapped.status).toBe(503);
    expect(mapped.code).toBe('service_unavailable');
    expect(mapped.headers?.['Retry-After']).toBeDefined();
  });

  it('knows Fastify body errors, malformed JSON and unknown routes', () => {
    expect(mapErrorToProblem(Object.assign(new Error('big'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 })).problem.code).toBe('payload_too_large');
    expect(mapErrorToProblem(new MalformedJsonError('bad')).problem).toMatchObject({ status: 400, code: 'malformed_json' });
    expect(mapErrorToProblem(new NotFoundException('Cannot GET /x')).problem).toMatchObject({ status: 404, code: 'not_found' });
    expect(mapErrorToProblem(new BadRequestException('nope')).problem).toMatchObject({ status: 400, detail: 'nope' });
  });

  it('keeps a ProblemException as it is, and never leaks plain errors', () => {
    const own = problem(403, 'insufficient_scope', 'no');
    expect(mapErrorToProblem(new ProblemException(own)).problem).toBe(own);
    expect(mapErrorToProblem(new Error('db password is hunter2')).problem).toMatchObject({ status: 500, code: 'internal_error' });
  });
});

describe('problemDocument', () => {
  it('has the RFC 9457 members, the code, the instance and the request id', () => {
    const document = problemDocument(problem(400, 'validation_failed', 'bad', { extensions: { errors: [] } }), '/v1/x', 'r-1');
    expect(document).toEqual({
      type: 'https://zagel.dev/problems/validation_failed',
      title: 'Bad Request',
      status: 400,
      detail: 'bad',
      code: 'validation_failed',
      instance: '/v1/x',
      requestId: 'r-1',
      errors: [],
    });
  });
});
