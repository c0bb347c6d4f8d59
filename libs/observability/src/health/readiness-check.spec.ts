import { runReadinessCheck } from './readiness-check';
import { ReadinessChecks } from './readiness-checks';

describe('runReadinessCheck', () => {
  it('reports up and down', async () => {
    await expect(runReadinessCheck({ name: 'pg', isUp: async () => true }, 100)).resolves.toMatchObject({ name: 'pg', up: true });
    await expect(runReadinessCheck({ name: 'pg', isUp: async () => false }, 100)).resolves.toMatchObject({ up: false, reason: 'down' });
  });

  it('turns rejections and synchronous throws into errors', async () => {
    const failure = new Error('refused');

    await expect(runReadinessCheck({ name: 'mq', isUp: () => Promise.reject(failure) }, 100)).resolves.toMatchObject({
      up: false,
      reason: 'error',
      error: failure,
    });
    const throwing = () => {
      throw failure;
    };
    await expect(runReadinessCheck({ name: 'mq', isUp: throwing }, 100)).resolves.toMatchObject({ reason: 'error' });
  });

  it('gives up on a hanging check after the timeout', async () => {
    const started = Date.now();

    const outcome = await runReadinessCheck({ name: 'redis', isUp: () => new Promise(() => undefined) }, 50);

    expect(outcome).toMatchObject({ up: false, reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5_000); // it would hang for ever; the margin is for a loaded machine
  });
});

describe('ReadinessChecks', () => {
  it('keeps checks in order and refuses a second check with the same name', () => {
    const checks = new ReadinessChecks([{ name: 'postgres', isUp: async () => true }]);
    checks.add({ name: 'redis', isUp: async () => true });

    expect(checks.list().map((check) => check.name)).toEqual(['postgres', 'redis']);
    expect(() => checks.add({ name: 'redis', isUp: async () => true })).toThrow(/already registered/);
  });
});
