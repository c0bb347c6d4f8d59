import { DEFAULT_RESTART_POLICY, restartDelayMs } from './restart-policy';

describe('restartDelayMs', () => {
  it('doubles from one second up to thirty by default', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 20].map((failures) => restartDelayMs(failures))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('follows the given policy', () => {
    const policy = { ...DEFAULT_RESTART_POLICY, initialDelayMs: 100, factor: 3, maxDelayMs: 1_000 };

    expect([0, 1, 2, 3].map((failures) => restartDelayMs(failures, policy))).toEqual([100, 300, 900, 1_000]);
  });
});
