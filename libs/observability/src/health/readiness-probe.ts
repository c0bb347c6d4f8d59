import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { HEALTH_OPTIONS, HealthModuleOptions } from './health-options';
import { CheckOutcome, runReadinessCheck } from './readiness-check';
import { ReadinessChecks } from './readiness-checks';

interface CheckRun {
  outcome: CheckOutcome;
  critical: boolean;
}

export interface ReadinessReport {
  statusCode: 200 | 503;
  body: HealthCheckResult;
}

/** Runs the readiness checks and shapes the answer the way @nestjs/terminus does. */
@Injectable()
export class ReadinessProbe {
  private readonly logger = new Logger('Readiness');
  private lastFailures: string | undefined;

  constructor(
    private readonly checks: ReadinessChecks,
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(HEALTH_OPTIONS) private readonly options: HealthModuleOptions,
  ) {}

  async check(): Promise<ReadinessReport> {
    const timeoutMs = this.options.timeoutMs ?? 1_000;
    const runs = this.checks.list().map(async (check): Promise<CheckRun> => ({
      outcome: await runReadinessCheck(check, timeoutMs),
      critical: check.critical !== false,
    }));
    const outcomes = await Promise.all(runs);
    this.logChange(outcomes);

    const report = await this.aggregate(outcomes.filter((run) => run.critical).map((run) => run.outcome));
    for (const { outcome } of outcomes.filter((run) => !run.critical)) {
      const result = this.indicatorResult(outcome, { critical: false });
      Object.assign(report.body.details, result);
      if (outcome.up) Object.assign(report.body.info ?? {}, result);
    }
    return report;
  }

  private async aggregate(critical: CheckOutcome[]): Promise<ReadinessReport> {
    try {
      const body = await this.health.check(critical.map((outcome) => () => this.indicatorResult(outcome)));
      return { statusCode: 200, body };
    } catch (error) {
      // terminus answers "error" and "shutting_down" with this exception; its body is the result.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      return { statusCode: 503, body: error.getResponse() as HealthCheckResult };
    }
  }

  private indicatorResult(outcome: CheckOutcome, extra: Record<string, unknown> = {}): HealthIndicatorResult {
    const session = this.indicators.check(outcome.name);
    // The reason stays generic: the gateway's readiness is public and error text names internals.
    return outcome.up
      ? session.up({ durationMs: outcome.durationMs, ...extra })
      : session.down({ reason: outcome.reason, durationMs: outcome.durationMs, ...extra });
  }

  private logChange(runs: CheckRun[]): void {
    const failed = runs.flatMap((run) => (run.outcome.up ? [] : [{ ...run.outcome, critical: run.critical }]));
    const failures = failed.map((outcome) => `${outcome.name} (${outcome.reason})`).join(', ');
    if (failures === this.lastFailures) return;
    const recovered = this.lastFailures !== undefined && failures === '';
    this.lastFailures = failures;
    if (failed.length > 0) {
      const errors = failed.flatMap((outcome) => (outcome.error ? [[outcome.name, errorText(outcome.error)]] : []));
      const entry = { msg: `failing readiness checks: ${failures}`, errors: Object.fromEntries(errors) };
      // Non-critical checks (the gateway's pings of other services) fail routinely while those start.
      if (failed.some((outcome) => outcome.critical)) this.logger.warn(entry);
      else this.logger.log(entry);
    } else if (recovered) {
      this.logger.log('all readiness checks pass again');
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
