import { DataSource, EntityManager } from 'typeorm';

interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  maxBatch: number;
  lingerMs: number;
}

/**
 * Writes items in shared transactions: whatever arrives within `lingerMs` (or `maxBatch` items)
 * commits together. Each caller's promise settles with its batch's commit, so a handler that awaits
 * it still acks its message only once its effect is durable; under load this is a few transactions
 * a second instead of one per message.
 */
export class GroupCommit<T> {
  private queue: Pending<T>[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly write: (manager: EntityManager, items: T[]) => Promise<void>,
    private readonly options: GroupCommitOptions = { maxBatch: 250, lingerMs: 2 },
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.options.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.lingerMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    this.dataSource
      .transaction((manager) => this.write(manager, batch.map((pending) => pending.item)))
      .then(
        () => batch.forEach((pending) => pending.resolve()),
        (error: unknown) => batch.forEach((pending) => pending.reject(error)),
      );
  }
}
