import { Logger } from '@nestjs/common';
import { Counter, register } from 'prom-client';

export interface PollerLogger {
  error(message: string): void;
}

export interface PollerOptions {
  /** Names the poller in logs and in the `poller` label of its metrics. */
  name: string;
  intervalMs: number;
  /** One run. Answers true when there is more to do at once (it met a full batch): the next run starts without waiting. */
  task: () => Promise<boolean | void>;
  /** Each wait is the interval ± this fraction of it, so instances polling one table drift apart. Default 0.1. */
  jitter?: number;
  /** Run as soon as started, instead of after the first interval. Default false. */
  runAtStart?: boolean;
  logger?: PollerLogger;
}

const failures = (register.getSingleMetric('zagel_poller_failures_total') as Counter<'poller'> | undefined) ??
  new Counter({ name: 'zagel_poller_failures_total', help: 'Poller runs that failed (the poller logs each and goes on)', labelNames: ['poller'] });

/**
 * Runs a task every interval (with jitter) from start() until stop(), never two runs at once. A
 * run that fails is logged and counted, and the poller waits for the next interval. wake() runs it
 * now, or right after the run in flight. stop() waits for the run in flight.
 */
export class Poller {
  private readonly logger: PollerLogger;
  private readonly jitter: number;
  private started = false;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;

  constructor(private readonly options: PollerOptions) {
    this.logger = options.logger ?? new Logger(options.name);
    this.jitter = Math.min(Math.max(options.jitter ?? 0.1, 0), 1);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    if (this.options.runAtStart) this.wake();
    else this.schedule();
  }

  /** Runs now if idle; if a run is in flight, runs again as soon as it ends. */
  wake(): void {
    if (!this.started) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.running = this.runUntilDone();
  }

  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async runUntilDone(): Promise<void> {
    try {
      do {
        this.again = false;
        const outcome = await this.runOnce();
        if (outcome === 'failed') break;
        if (outcome === 'more') this.again = true;
      } while (this.again && this.started);
    } finally {
      this.running = undefined;
      this.schedule();
    }
  }

  private async runOnce(): Promise<'done' | 'more' | 'failed'> {
    try {
      return (await this.options.task()) === true ? 'more' : 'done';
    } catch (error) {
      failures.inc({ poller: this.options.name });
      this.logger.error(`${this.options.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      return 'failed';
    }
  }

  private schedule(): void {
    if (!this.started) return;
    const { intervalMs } = this.options;
    const delay = Math.max(0, Math.round(intervalMs * (1 + this.jitter * (2 * Math.random() - 1))));
    this.timer = setTimeout(() => this.wake(), delay);
    this.timer.unref();
  }
}
