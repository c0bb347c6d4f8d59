import { ReadinessCheck } from './readiness-check';

/**
 * The checks `/health/ready` runs. Filled from `HealthModule.forRoot({ checks })` and open to any
 * module: inject it and `add()` more during `onModuleInit` (the api-gateway adds its pings of the
 * other services this way).
 */
export class ReadinessChecks {
  private readonly checks = new Map<string, ReadinessCheck>();

  constructor(initial: readonly ReadinessCheck[] = []) {
    this.add(...initial);
  }

  add(...checks: ReadinessCheck[]): void {
    for (const check of checks) {
      if (this.checks.has(check.name)) throw new Error(`readiness check "${check.name}" is already registered`);
      this.checks.set(check.name, check);
    }
  }

  list(): ReadinessCheck[] {
    return [...this.checks.values()];
  }
}
