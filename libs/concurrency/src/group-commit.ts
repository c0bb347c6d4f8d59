/** One item's outcome in a committed batch: its result, or why that item alone was refused. */
export type ItemOutcome<Result> = { ok: true; value: Result } | { ok: false; error: unknown };

export interface GroupCommitOptions {
  /** Most items decided in one batch; the rest wait for the next. Default: no limit. */
  maxBatch?: number;
}

interface Waiter<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: items of one key that arrive while that key's batch is committing wait, and are
 * then decided together in the next batch, in arrival order. An idle key's item commits at once,
 * alone. Under load one commit (one lock, one WAL flush) serves many items instead of one each.
 *
 * `commit` answers one outcome per item, in order, or nothing when every item simply succeeds;
 * if it throws, every item of the batch fails with that error.
 */
export class GroupCommit<Key, Item, Result = void> {
  private readonly waiting = new Map<Key, Waiter<Item, Result>[]>();
  private readonly committing = new Set<Key>();

  constructor(
    private readonly commit: (key: Key, items: Item[]) => Promise<readonly ItemOutcome<Result>[] | void>,
    private readonly options: GroupCommitOptions = {},
  ) {}

  add(key: Key, item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      const queue = this.waiting.get(key) ?? [];
      queue.push({ item, resolve, reject });
      this.waiting.set(key, queue);
      if (!this.committing.has(key)) void this.drain(key);
    });
  }

  /** Commits the key's waiting items batch after batch until none are left. */
  private async drain(key: Key): Promise<void> {
    this.committing.add(key);
    try {
      for (let batch = this.takeBatch(key); batch.length > 0; batch = this.takeBatch(key)) await this.commitBatch(key, batch);
    } finally {
      this.committing.delete(key);
    }
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
