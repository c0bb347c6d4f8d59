import { DynamicModule, Inject, Injectable, Module } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { installRequestContextOnAdapter } from '../http/request-context';
import { createLogger, LoggerOptions } from './create-logger';
import { installAccessLog } from './http-logging';
import { NestPinoLogger, ROOT_LOGGER } from './nest-pino-logger';

export type LoggingModuleOptions = LoggerOptions;

@Injectable()
class RequestContextInstaller {
  // In the constructor, during NestFactory.create: the hooks must exist before the first request
  // and the adapter's request hook slot is what runs ahead of Nest middleware.
  constructor(adapterHost: HttpAdapterHost, @Inject(ROOT_LOGGER) logger: Logger) {
    const adapter = adapterHost.httpAdapter;
    if (adapter && installRequestContextOnAdapter(adapter)) installAccessLog(adapter.getInstance<FastifyInstance>(), logger);
  }
}

/**
 * Logging for a Nest app on pino: JSON (or pretty) lines with `service`, `instanceId` and
 * the correlation ids, secrets redacted, one line per HTTP request (the access log, installAccessLog).
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
        // nestjs-pino for Nest's LoggerService only: its per-request middleware (pino-http, a child
        // logger per request) is mounted on no route; the access log is one onResponse hook.
        LoggerModule.forRoot({ pinoHttp: { logger }, forRoutes: [] }),
      ],
      providers: [{ provide: ROOT_LOGGER, useValue: logger }, NestPinoLogger, RequestContextInstaller],
      exports: [LoggerModule, ROOT_LOGGER, NestPinoLogger],
    };
  }
}
