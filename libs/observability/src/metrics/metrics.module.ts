import { DynamicModule, Inject, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, register } from 'prom-client';
import { httpRequestDuration, recordHttpRequestDurations } from './http-request-duration';
import { MetricsController } from './metrics.controller';

export interface MetricsModuleOptions {
  /** Default label `service` on every metric of the process. */
  service: string;
}

const METRICS_OPTIONS = Symbol('zagel.metricsOptions');

@Injectable()
class MetricsSetup implements OnModuleInit {
  private readonly logger = new Logger('Metrics');

  constructor(
    @Inject(METRICS_OPTIONS) private readonly options: MetricsModuleOptions,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    register.setDefaultLabels({ service: this.options.service });
    // Several apps in one process (tests) share the registry: process metrics are collected once.
    if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics({ register });

    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() === 'fastify') {
      recordHttpRequestDurations(adapter.getInstance<FastifyInstance>(), httpRequestDuration());
    } else if (adapter) {
      this.logger.warn(`HTTP request durations are recorded on Fastify only, not on ${adapter.getType()}`);
    }
  }
}

/**
 * Prometheus metrics on prom-client's default registry: process and Node.js metrics, the HTTP
 * request duration histogram, and `GET /metrics`. Other libs register their metrics on the same
 * default registry (`new Counter({ name: 'zagel_...', ... })`), so they appear here too.
 */
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsModuleOptions): DynamicModule {
    return {
      module: MetricsModule,
      controllers: [MetricsController],
      providers: [{ provide: METRICS_OPTIONS, useValue: options }, MetricsSetup],
    };
  }
}
