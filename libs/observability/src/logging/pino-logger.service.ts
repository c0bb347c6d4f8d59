import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';

/**
 * Nest's LoggerService on a plain pino logger, for Nest contexts created before (or without)
 * LoggingModule, e.g. `NestFactory.createApplicationContext(Module, { logger: new PinoLoggerService(log) })`.
 * Nest passes the context name as the last extra argument.
 */
export class PinoLoggerService implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    // Nest calls error(message, stack?, context?).
    const [stack, ...others] = rest;
    if (typeof stack === 'string' && stack.includes('\n')) {
      this.write('error', message, others, { err: { message: String(message), stack } });
    } else {
      this.write('error', message, rest);
    }
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal', message: unknown, rest: unknown[], extra: object = {}): void {
    const context = typeof rest.at(-1) === 'string' ? { context: rest.at(-1) as string } : {};
    if (message instanceof Error) this.logger[level]({ ...context, ...extra, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.logger[level]({ ...context, ...extra, ...message });
    else this.logger[level]({ ...context, ...extra }, String(message));
  }
}
