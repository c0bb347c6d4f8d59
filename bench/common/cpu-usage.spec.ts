import { cpuSeconds, cpuUsedBetween, readCpu } from './cpu-usage';

describe('cpuUsedBetween', () => {
  it('adds what each process used; one born in between counts whole, one gone is left out', () => {
    const before = new Map([
      [10, 1.0],
      [11, 2.0],
      [12, 5.0],
    ]);
    const after = new Map([
      [10, 1.5],
      [11, 2.25],
      [13, 0.5],
    ]);
    expect(cpuUsedBetween(before, after, [10, 11])).toBeCloseTo(0.75);
    expect(cpuUsedBetween(before, after, [10, 11, 12, 13])).toBeCloseTo(1.25);
  });

  it('reads this process from /proc, and nothing for a pid that does not exist', () => {
    const reading = readCpu([process.pid, process.pid]);
    expect(reading.size).toBe(1);
    expect(reading.get(process.pid)).toBeGreaterThanOrEqual(0);
    expect(cpuSeconds(2 ** 22 + 1)).toBeNaN();
  });
});
