import { problem, ProblemException } from '../problem-details/problem';

export const RateLimitProblem = {
  rateLimited: (retryAfterSeconds: number, bucket: string) =>
    new ProblemException(
      problem(429, 'rate_limited', `Too many requests for this ${bucket}; retry in ${retryAfterSeconds} s.`, {
        headers: { 'Retry-After': String(retryAfterSeconds) },
      }),
    ),
};
