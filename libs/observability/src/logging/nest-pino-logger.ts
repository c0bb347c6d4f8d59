import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { PinoLoggerService } from './pino-logger.service';

/** The root pino logger of the app, for code that wants pino itself rather than Nest's LoggerService. */
export const ROOT_LOGGER = Symbol('zagel.rootLogger');

// Nest's start-up chatter: a line per module and per route at every boot, times eight services.
const BOOT_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/**
 * Nest's LoggerService on the app's own pino logger (lines inside a request carry its ids through the
 * logger's correlation mixin), with Nest's per-module and per-route start-up lines moved down to debug.
 * Provided by LoggingModule: `app.useLogger(app.get(NestPinoLogger))`.
 */
@Injectable()
export class NestPinoLogger extends PinoLoggerService {
  constructor(@Inject(ROOT_LOGGER) logger: Logger) {
    super(logger);
  }

  override log(message: unknown, ...optionalParams: unknown[]): void {
    if (BOOT_CONTEXTS.has(optionalParams.at(-1) as string)) super.debug(message, ...optionalParams);
    else super.log(message, ...optionalParams);
  }
}
