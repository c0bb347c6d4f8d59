import { Body, Controller, Get, Logger, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { PinoLogger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import {
  currentCorrelation,
  HealthModule,
  LoggingModule,
  MetricsModule,
  NestPinoLogger,
  OPERATIONAL_PATHS,
  ReadinessCheck,
} from '@zagel/observability';

/** Log lines written by the app under test, parsed. */
export class CapturedLogs implements DestinationStream {
  readonly raw: string[] = [];

  write(line: string): void {
    this.raw.push(line);
  }

  entries(): Record<string, unknown>[] {
    return this.raw.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  text(): string {
    return this.raw.join('');
  }
}

@Controller('echo')
class EchoController {
  private readonly nestLogger = new Logger(EchoController.name);

  constructor(private readonly pino: PinoLogger) {}

  @Get()
  echo(): object {
    this.pino.info('echo via PinoLogger');
    return { context: currentCorrelation() ?? null };
  }

  @Post()
  async echoBody(@Body() body: { note?: string }): Promise<object> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.nestLogger.log(`echo body via Nest Logger: ${body.note}`);
    return { context: currentCorrelation() ?? null };
  }
}

export interface ObservedAppOptions {
  logs?: CapturedLogs;
  checks?: ReadinessCheck[];
  extraImports?: Parameters<typeof Module>[0]['imports'];
  /** Called with each request's headers once they are parsed, before its body is read. */
  onRequestHeaders?: (headers: IncomingHttpHeaders) => void;
}

/** A tiny service the way the bootstrap wires one: Fastify, `/v1` prefix, logging, metrics, health. */
export async function startObservedApp(options: ObservedAppOptions = {}): Promise<{ app: NestFastifyApplication; url: string }> {
  @Module({
    imports: [
      LoggingModule.forRoot({ service: 'test-service', level: 'debug', destination: options.logs ?? new CapturedLogs() }),
      MetricsModule.forRoot({ service: 'test-service' }),
      HealthModule.forRoot({ checks: options.checks ?? [], timeoutMs: 200 }),
      ...(options.extraImports ?? []),
    ],
    controllers: [EchoController],
  })
  class ObservedAppModule {}

  const app = await NestFactory.create<NestFastifyApplication>(ObservedAppModule, new FastifyAdapter(), {
    bufferLogs: true,
  });
  app.useLogger(app.get(NestPinoLogger));
  const { onRequestHeaders } = options;
  if (onRequestHeaders) app.getHttpAdapter().getInstance().addHook('onRequest', async (request) => onRequestHeaders(request.headers));
  app.setGlobalPrefix('v1', { exclude: [...OPERATIONAL_PATHS] });
  await app.listen(0, '127.0.0.1');
  return { app, url: await app.getUrl() };
}
