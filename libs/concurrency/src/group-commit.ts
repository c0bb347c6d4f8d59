/** One item's outcome in a committed batch: its result, or why that item alone was refused. */
export type ItemOutcome<Result> = { ok: true; value: Result } | { ok: false; error: unknown };

export interface GroupCommitOptions<Key, Item> {
  /** Most items decided in one batch; the rest wait for the next. Default: no limit. */
  maxBatch?: number;
  /**
   * How long a batch may wait for company, from the arrival of its oldest item (asked of that item):
   * for bookkeeping off the caller's critical path, where one commit per many items matters more than
   * the milliseconds. Default: no wait (an idle key's item commits at once).
   */
  lingerMs?: (key: Key, oldest: Item) => number;
  /** Waiting items that end a linger at once. Default: maxBatch. */
  lingerUntil?: number;
}

interface Waiter<Item, Result> {
  item: Item;
  arrivedAt: number;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: items of one key that arrive while that key's batch is committing wait, and are
 * then decided together in the next batch, in arrival order. An idle key's item commits at once,
 * alone. Under load one commit (one lock, one WAL flush) serves many items instead of one each.
 *
 * With `lingerMs`, a batch starts once its oldest item has waited that long, or `lingerUntil` items
 * wait, whichever comes first.
 *
 * `commit` answers one outcome per item, in order, or nothing when every item simply succeeds;
 * if it throws, every item of the batch fails with that error.
 */
export class GroupCommit<Key, Item, Result = void> {
  private readonly waiting = new Map<Key, Waiter<Item, Result>[]>();
  private readonly committing = new Set<Key>();
  /** Ends the linger of a key whose batch waits for company. */
  private readonly lingering = new Map<Key, () => void>();

  constructor(
    private readonly commit: (key: Key, items: Item[]) => Promise<readonly ItemOutcome<Result>[] | void>,
    private readonly options: GroupCommitOptions<Key, Item> = {},
  ) {}

  add(key: Key, item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      const queue = this.waiting.get(key) ?? [];
      queue.push({ item, arrivedAt: Date.now(), resolve, reject });
      this.waiting.set(key, queue);
      if (queue.length >= this.lingerUntil()) this.lingering.get(key)?.();
      if (!this.committing.has(key)) void this.drain(key);
    });
  }

  /** Commits the key's waiting items batch after batch until none are left. */
  private async drain(key: Key): Promise<void> {
    this.committing.add(key);
    try {
      for (;;) {
        const lingering = this.linger(key);
        if (lingering) await lingering;
        const batch = this.takeBatch(key);
        if (batch.length === 0) break;
        await this.commitBatch(key, batch);
      }
    } finally {
      this.committing.delete(key);
    }
  }

  private lingerUntil(): number {
    return this.options.lingerUntil ?? this.options.maxBatch ?? Number.POSITIVE_INFINITY;
  }

  /**
   * Until the key's oldest item has lingered its time, or enough items wait; nothing when the batch
   * may start now (so an idle key without a linger commits in the same tick as `add`).
   */
  private linger(key: Key): Promise<void> | undefined {
    const queue = this.waiting.get(key);
    if (!this.options.lingerMs || !queue || queue.length === 0 || queue.length >= this.lingerUntil()) return undefined;
    const [oldest] = queue;
    const remainingMs = oldest.arrivedAt + this.options.lingerMs(key, oldest.item) - Date.now();
    if (remainingMs <= 0) return undefined;
    return new Promise<void>((resolve) => {
      const end = () => {
        clearTimeout(timer);
        this.lingering.delete(key);
        resolve();
      };
      const timer = setTimeout(end, remainingMs);
      this.lingering.set(key, end);
    });
  }

  private takeBatch(key: Key): Waiter<Item, Result>[] {
    const queue = this.waiting.get(key) ?? [];
    const batch = queue.splice(0, this.options.maxBatch ?? queue.length);
    if (queue.length === 0) this.waiting.delete(key);
    return batch;
  }

  private async commitBatch(key: Key, batch: Waiter<Item, Result>[]): Promise<void> {
    let outcomes: readonly ItemOutcome<Result>[] | void;
    try {
      outcomes = await this.commit(key, batch.map((waiter) => waiter.item));
      if (outcomes && outcomes.length !== batch.length) {
        throw new Error(`a group commit answered ${outcomes.length} outcomes for ${batch.length} items`);
      }
    } catch (error) {
      for (const waiter of batch) waiter.reject(error);
      return;
    }
    batch.forEach((waiter, index) => {
      const outcome = outcomes?.[index];
      if (!outcome) waiter.resolve(undefined as Result);
      else if (outcome.ok) waiter.resolve(outcome.value);
      else waiter.reject(outcome.error);
    });
  }
}
