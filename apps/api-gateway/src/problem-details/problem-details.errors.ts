import { ValidationError } from 'class-validator';
import { FieldProblem, problem, ProblemException } from './problem';

/** The body is not JSON although it says it is. */
export class MalformedJsonError extends Error {
  readonly statusCode = 400;
  constructor(message: string) {
    super(message);
    this.name = 'MalformedJsonError';
  }
}

function fieldProblems(errors: ValidationError[], path = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = path ? `${path}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      message: rule === 'whitelistValidation' ? `${field} is not a known field` : message,
    }));
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/** The ValidationPipe's exceptionFactory: 400 `validation_failed` listing every failing field. */
export function validationFailed(errors: ValidationError[]): ProblemException {
  const list = fieldProblems(errors);
  const unknown = list.filter((entry) => entry.message.endsWith('is not a known field')).map((entry) => entry.field);
  const detail = unknown.length > 0 ? `Unknown field(s): ${unknown.join(', ')}.` : 'The request has invalid fields.';
  return new ProblemException(problem(400, 'validation_failed', detail, { extensions: { errors: list } }));
}
