/** Counts unanswered submit_sm: `acquire` waits while `size` are outstanding. */
export class SubmitWindow {
  private outstanding = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly size: number) {}

  get inFlight(): number {
    return this.outstanding;
  }

  acquire(): Promise<void> {
    if (this.outstanding < this.size) {
      this.outstanding += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands the slot straight to the next waiter, if any. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.outstanding -= 1;
  }
}
