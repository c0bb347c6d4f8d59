import { eachWithLimit } from './each-with-limit';

describe('eachWithLimit', () => {
  it('keeps at most `limit` running and answers in the order of the items', async () => {
    let running = 0;
    let most = 0;
    const results = await eachWithLimit([5, 1, 4, 2, 3], 2, async (value) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
      return value * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });

  it('rejects with the first failure once every item was tried', async () => {
    const tried: number[] = [];
    await expect(
      eachWithLimit([1, 2, 3], 1, async (value) => {
        tried.push(value);
        if (value === 2) throw new Error('two');
        return Promise.resolve(value);
      }),
    ).rejects.toThrow('two');
    expect(tried).toEqual([1, 2]);
  });
});
