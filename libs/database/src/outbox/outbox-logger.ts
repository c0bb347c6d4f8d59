/** The subset of Nest's LoggerService the outbox writes to. */
export interface OutboxLogger {
  warn(message: string, ...optionalParams: unknown[]): void;
  error(message: string, ...optionalParams: unknown[]): void;
}
