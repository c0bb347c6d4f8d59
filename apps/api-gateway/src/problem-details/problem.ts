import { STATUS_CODES } from 'node:http';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_BASE = 'https://zagel.dev/problems/';

export interface FieldProblem {
  field: string;
  message: string;
}

/** An RFC 9457 problem before the request-specific members (`instance`, `requestId`) are added. */
export interface Problem {
  status: number;
  code: string;
  title: string;
  detail: string;
  /** Extra members (`errors`, `reasons`, ...). */
  extensions?: Record<string, unknown>;
  /** Response headers that belong to the problem (`Retry-After`). */
  headers?: Record<string, string>;
}

export interface ProblemDocument extends Record<string, unknown> {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  requestId?: string;
}

export function problem(status: number, code: string, detail: string, more: Partial<Problem> = {}): Problem {
  return { status, code, title: more.title ?? STATUS_CODES[status] ?? 'Error', detail, ...more };
}

/** Thrown by the edge (guards, interceptors, pipes) to answer with a given problem. */
export class ProblemException extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'ProblemException';
  }
}

export function problemDocument(from: Problem, instance: string, requestId?: string): ProblemDocument {
  return {
    ...from.extensions,
    type: `${PROBLEM_TYPE_BASE}${from.code}`,
    title: from.title,
    status: from.status,
    detail: from.detail,
    code: from.code,
    instance,
    ...(requestId ? { requestId } : {}),
  };
}
