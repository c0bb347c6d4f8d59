import { SubmitWindow } from './submit-window';

describe('SubmitWindow', () => {
  it('lets `size` holders in and queues the rest in order', async () => {
    const window = new SubmitWindow(2);
    await window.acquire();
    await window.acquire();
    const order: number[] = [];
    const third = window.acquire().then(() => order.push(3));
    const fourth = window.acquire().then(() => order.push(4));
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    window.release();
    await third;
    expect(order).toEqual([3]);
    expect(window.inFlight).toBe(2);
    window.release();
    await fourth;
    window.release();
    window.release();
    expect(window.inFlight).toBe(0);
  });
});
