import type { ReadinessCheck } from './readiness-check';

export const HEALTH_OPTIONS = Symbol('zagel.healthOptions');

export interface HealthModuleOptions {
  /** Checks known when the module is built; more can be added through ReadinessChecks. */
  checks?: ReadinessCheck[];
  /** Each check's time limit; checks run in parallel. Default 1000 ms. */
  timeoutMs?: number;
}
