import { Logger } from '@nestjs/common';

/**
 * Runs `round` every `intervalMs` until stopped, never two rounds at once; a round that found a
 * full batch runs again at once. Stopping waits for the round in progress.
 */
export class Poller {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly round: () => Promise<boolean>,
    private readonly logger = new Logger(name),
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick();
    }, delayMs);
  }

  private async tick(): Promise<void> {
    let again = false;
    try {
      again = await this.round();
    } catch (error) {
      this.logger.error(`${this.name} round failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.schedule(again ? 0 : this.intervalMs);
  }
}
