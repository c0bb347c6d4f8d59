/** The subset of Nest's LoggerService the outbox writes to. */
export interface OutboxLogger {
  warn(message: string, ...optionalParams: unknown[]): void;
  error(message: string, ...optionalParams: unknown[]): void;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
