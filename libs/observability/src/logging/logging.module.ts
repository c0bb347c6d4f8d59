import { DynamicModule, Injectable, Module, RequestMethod } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { installRequestContextOnAdapter } from '../http/request-context';
import { createLogger, LoggerOptions } from './create-logger';
import { httpLoggingOptions } from './http-logging';
import { NestPinoLogger } from './nest-pino-logger';

/** The root pino logger of the app, for code that wants pino itself rather than Nest's LoggerService. */
export const ROOT_LOGGER = Symbol('zagel.rootLogger');

export type LoggingModuleOptions = LoggerOptions;

@Injectable()
class RequestContextInstaller {
  // In the constructor, during NestFactory.create: the hooks must exist before the first request
  // and the adapter's request hook slot is what runs ahead of Nest middleware.
  constructor(adapterHost: HttpAdapterHost) {
    if (adapterHost.httpAdapter) installRequestContextOnAdapter(adapterHost.httpAdapter);
  }
}

/**
 * Logging for a Nest app, on nestjs-pino: JSON (or pretty) lines with `service`, `instanceId` and
 * the correlation ids, secrets redacted, one line per HTTP request.
 *
 * With a FastifyAdapter it also runs every request inside its correlation context (see
 * installRequestContext): nothing to call in the bootstrap for that.
 *
 * Bootstrap: `NestFactory.create(AppModule, new FastifyAdapter(), { bufferLogs: true })`, then
 * `app.useLogger(app.get(NestPinoLogger))`. In providers use Nest's `new Logger(Context.name)` or
 * inject `PinoLogger`.
 */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingModuleOptions): DynamicModule {
    const logger = createLogger(options);
    return {
      module: LoggingModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: httpLoggingOptions(logger),
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        }),
      ],
      providers: [{ provide: ROOT_LOGGER, useValue: logger }, NestPinoLogger, RequestContextInstaller],
      exports: [LoggerModule, ROOT_LOGGER, NestPinoLogger],
    };
  }
}
