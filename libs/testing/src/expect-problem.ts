import { ApiReply, Problem } from '@zagel/sdk';

/**
 * Checks that the answer is an RFC 9457 problem with this status and Zagel's stable `code`, carrying
 * the request id of its `X-Request-Id` header; returns the problem. Throws an Error saying what differs.
 */
export function expectProblem(reply: ApiReply<unknown>, status: number, code: string): Problem {
  const problem = reply.problem ?? {};
  const differences: string[] = [];
  if (reply.status !== status) differences.push(`status ${reply.status}, not ${status}`);
  if (problem.code !== code) differences.push(`code ${String(problem.code)}, not ${code}`);
  if (!/^application\/problem\+json/.test(reply.headers.get('content-type') ?? '')) differences.push(`content type ${reply.headers.get('content-type')}`);
  for (const field of ['type', 'title', 'detail', 'instance', 'requestId'] as const) {
    if (typeof problem[field] !== 'string') differences.push(`no ${field}`);
  }
  if (problem.status !== reply.status) differences.push(`problem status ${String(problem.status)}`);
  if (problem.requestId !== reply.headers.get('x-request-id')) differences.push(`requestId ${String(problem.requestId)} is not the X-Request-Id header`);
  if (differences.length > 0) throw new Error(`${reply.call}: expected a ${status} ${code} problem, got ${differences.join('; ')}: ${reply.text.slice(0, 500)}`);
  return problem;
}
