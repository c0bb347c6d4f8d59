import { DynamicModule, Injectable, Module, OnModuleInit, RequestMethod } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { LoggerModule } from 'nestjs-pino';
import { installRequestContext } from '../http/request-context';
import { createLogger, LoggerOptions } from './create-logger';
import { httpLoggingOptions } from './http-logging';

/** The root pino logger of the app, for code that wants pino itself rather than Nest's LoggerService. */
export const ROOT_LOGGER = Symbol('zagel.rootLogger');

export type LoggingModuleOptions = LoggerOptions;

@Injectable()
class RequestContextInstaller implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() === 'fastify') installRequestContext(adapter.getInstance<FastifyInstance>());
  }
}

/**
 * Logging for a Nest app, on nestjs-pino: JSON (or pretty) lines with `service`, `instanceId` and
 * the correlation ids, secrets redacted, one line per HTTP request.
 *
 * Bootstrap: `NestFactory.create(AppModule, new FastifyAdapter(), { bufferLogs: true })`, then
 * `app.useLogger(app.get(Logger))` (Logger from nestjs-pino, re-exported here as NestPinoLogger) and
 * `installRequestContext(app.getHttpAdapter().getInstance())` before `app.listen()`.
 * Inject `PinoLogger` (or use Nest's `new Logger(Context.name)`) in providers.
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
      providers: [{ provide: ROOT_LOGGER, useValue: logger }, RequestContextInstaller],
      exports: [LoggerModule, ROOT_LOGGER],
    };
  }
}
