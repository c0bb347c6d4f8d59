import { problem, ProblemException } from '../problem-details/problem';

export const IdempotencyProblem = {
  keyReused: () =>
    new ProblemException(problem(422, 'idempotency_key_reused', 'This Idempotency-Key was used with a different request body.')),
  inProgress: () =>
    new ProblemException(
      problem(409, 'idempotency_in_progress', 'A request with this Idempotency-Key is still being processed; retry shortly.', {
        headers: { 'Retry-After': '1' },
      }),
    ),
  badKey: () =>
    new ProblemException(problem(400, 'invalid_idempotency_key', 'Idempotency-Key must be 1 to 255 printable characters.')),
};
