import { Injectable } from '@nestjs/common';
import { Logger } from 'nestjs-pino';

// Nest's start-up chatter: a line per module and per route at every boot, times eight services.
const BOOT_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/**
 * Nest's LoggerService on pino (nestjs-pino's Logger) with Nest's per-module and per-route start-up
 * lines moved down to debug. Provided by LoggingModule: `app.useLogger(app.get(NestPinoLogger))`.
 */
@Injectable()
export class NestPinoLogger extends Logger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    if (BOOT_CONTEXTS.has(optionalParams.at(-1) as string)) super.debug(message, ...optionalParams);
    else super.log(message, ...optionalParams);
  }
}
