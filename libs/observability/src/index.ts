export * from './correlation-context';
export * from './http/operational-routes';
export * from './http/request-context';
export * from './http/request-id';
export * from './logging/correlation-fields';
export * from './logging/create-logger';
export * from './logging/logging.module';
export * from './logging/pino-logger.service';
export * from './logging/redaction';
export * from './metrics/http-request-duration';
export * from './metrics/metrics.module';
export * from './health/health-options';
export * from './health/health.module';
export * from './health/readiness-check';
export * from './health/readiness-checks';
export { ReadinessProbe, ReadinessReport } from './health/readiness-probe';
export * from './logging/nest-pino-logger';
// Injectable in providers; re-exported so apps import one lib.
export { PinoLogger, InjectPinoLogger } from 'nestjs-pino';
