/** The subset of Nest's LoggerService the bus writes to; pass `new Logger('Bus')` or a pino-backed one. */
export interface BusLogger {
  log(message: string, ...optionalParams: unknown[]): void;
  warn(message: string, ...optionalParams: unknown[]): void;
  error(message: string, ...optionalParams: unknown[]): void;
  debug?(message: string, ...optionalParams: unknown[]): void;
}

const ignore = () => undefined;

export const silentBusLogger: BusLogger = { log: ignore, warn: ignore, error: ignore, debug: ignore };

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
