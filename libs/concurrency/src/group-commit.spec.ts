import { GroupCommit, ItemOutcome } from './group-commit';

/** A commit function whose batches the test settles by hand, recording what each batch held. */
function controlledCommit<Result = void>() {
  const batches: { key: string; items: number[]; answer: (outcomes?: ItemOutcome<Result>[]) => void; fail: (error: Error) => void }[] = [];
  const commit = (key: string, items: number[]) =>
    new Promise<ItemOutcome<Result>[] | void>((resolve, reject) => {
      batches.push({ key, items, answer: resolve, fail: reject });
    });
  return { commit, batches };
}

async function settle(): Promise<void> {
  for (let index = 0; index < 10; index++) await Promise.resolve();
}

describe('GroupCommit', () => {
  it("commits an idle key's item at once, and what arrives meanwhile together in the next batch, in order", async () => {
    const { commit, batches } = controlledCommit();
    const group = new GroupCommit(commit);
    const first = group.add('wallet-a', 1);
    const later = [group.add('wallet-a', 2), group.add('wallet-a', 3), group.add('wallet-a', 4)];
    expect(batches.map((batch) => batch.items)).toEqual([[1]]);

    batches[0].answer();
    await expect(first).resolves.toBeUndefined();
    await settle();
    expect(batches.map((batch) => batch.items)).toEqual([[1], [2, 3, 4]]);
    batches[1].answer();
    await expect(Promise.all(later)).resolves.toEqual([undefined, undefined, undefined]);
  });

  it('keeps keys apart: another key commits at the same time', () => {
    const { commit, batches } = controlledCommit();
    const group = new GroupCommit(commit);
    void group.add('wallet-a', 1);
    void group.add('wallet-b', 2);
    void group.add('wallet-a', 3);
    expect(batches.map(({ key, items }) => [key, items])).toEqual([
      ['wallet-a', [1]],
      ['wallet-b', [2]],
    ]);
  });

  it("settles each item with its own outcome, a refusal failing only that item", async () => {
    const { commit, batches } = controlledCommit<string>();
    const group = new GroupCommit(commit);
    const one = group.add('k', 1);
    const two = group.add('k', 2);
    const three = group.add('k', 3);
    batches[0].answer([{ ok: true, value: 'one' }]);
    await settle();
    batches[1].answer([
      { ok: false, error: new Error('no funds for 2') },
      { ok: true, value: 'three' },
    ]);
    await expect(one).resolves.toBe('one');
    await expect(two).rejects.toThrow('no funds for 2');
    await expect(three).resolves.toBe('three');
  });

  it('fails every item of a batch whose commit fails, and goes on with the next batch', async () => {
    const { commit, batches } = controlledCommit();
    const group = new GroupCommit(commit);
    const first = group.add('k', 1);
    const [second, third] = [group.add('k', 2), group.add('k', 3)];
    batches[0].answer();
    await settle();
    batches[1].fail(new Error('deadlock detected'));
    await expect(second).rejects.toThrow('deadlock detected');
    await expect(third).rejects.toThrow('deadlock detected');
    await expect(first).resolves.toBeUndefined();

    const fourth = group.add('k', 4);
    expect(batches.at(-1)!.items).toEqual([4]);
    batches.at(-1)!.answer();
    await expect(fourth).resolves.toBeUndefined();
  });

  it('takes at most maxBatch items a batch', async () => {
    const { commit, batches } = controlledCommit();
    const group = new GroupCommit(commit, { maxBatch: 2 });
    const all = [1, 2, 3, 4, 5, 6].map((item) => group.add('k', item));
    for (let index = 0; index < 4; index++) {
      batches[index].answer();
      await settle();
    }
    await Promise.all(all);
    expect(batches.map((batch) => batch.items)).toEqual([[1], [2, 3], [4, 5], [6]]);
  });

  it('fails the batch when the commit answers a different number of outcomes than items', async () => {
    const { commit, batches } = controlledCommit<string>();
    const group = new GroupCommit(commit);
    const item = group.add('k', 1);
    batches[0].answer([]);
    await expect(item).rejects.toThrow('a group commit answered 0 outcomes for 1 items');
  });

  describe('lingering', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it("waits lingerMs from the oldest item's arrival, then commits everything that came meanwhile as one batch", async () => {
      const { commit, batches } = controlledCommit();
      const group = new GroupCommit(commit, { lingerMs: () => 200 });
      const first = group.add('k', 1);
      jest.advanceTimersByTime(150);
      const second = group.add('k', 2);
      await settle();
      expect(batches).toHaveLength(0);

      jest.advanceTimersByTime(50);
      await settle();
      expect(batches.map((batch) => batch.items)).toEqual([[1, 2]]);
      batches[0].answer();
      await expect(Promise.all([first, second])).resolves.toEqual([undefined, undefined]);
    });

    it('ends the wait as soon as lingerUntil items wait', async () => {
      const { commit, batches } = controlledCommit();
      const group = new GroupCommit(commit, { lingerMs: () => 10_000, lingerUntil: 3 });
      void group.add('k', 1);
      void group.add('k', 2);
      await settle();
      expect(batches).toHaveLength(0);
      void group.add('k', 3);
      await settle();
      expect(batches.map((batch) => batch.items)).toEqual([[1, 2, 3]]);
    });

    it('asks the oldest item how long it may wait: an item that may not wait commits at once', async () => {
      const { commit, batches } = controlledCommit();
      const group = new GroupCommit(commit, { lingerMs: (_, item: number) => (item % 2 === 0 ? 200 : 0) });
      void group.add('even', 2);
      void group.add('odd', 1);
      await settle();
      expect(batches.map((batch) => batch.key)).toEqual(['odd']);
      jest.advanceTimersByTime(200);
      await settle();
      expect(batches.map((batch) => batch.key)).toEqual(['odd', 'even']);
    });

    it('lets items that waited while a batch committed go at once, their linger already spent', async () => {
      const { commit, batches } = controlledCommit();
      const group = new GroupCommit(commit, { lingerMs: () => 100 });
      void group.add('k', 1);
      jest.advanceTimersByTime(100);
      await settle();
      void group.add('k', 2);
      jest.advanceTimersByTime(100);
      batches[0].answer();
      await settle();
      expect(batches.map((batch) => batch.items)).toEqual([[1], [2]]);
    });
  });
});
