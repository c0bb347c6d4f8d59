import { register } from 'prom-client';
import { Poller, PollerOptions } from './poller';

type Run = { finish: (more?: boolean) => void; fail: (error: Error) => void };

/** Every run of every case, so a case that leaves one going does not keep the poller from stopping. */
const allRuns: Run[] = [];

/** A task whose runs the test finishes by hand. */
function controlledTask() {
  const runs: Run[] = [];
  const task = jest.fn(
    () =>
      new Promise<boolean | void>((resolve, reject) => {
        const run = { finish: (more?: boolean) => resolve(more), fail: reject };
        runs.push(run);
        allRuns.push(run);
      }),
  );
  return { task, runs };
}

/** Lets the promise callbacks queued by a finished run go through (no time passes). */
async function settle(): Promise<void> {
  for (let index = 0; index < 10; index++) await Promise.resolve();
}

describe('Poller', () => {
  const errors: string[] = [];
  const logger = { error: (message: string) => errors.push(message) };
  let poller: Poller | undefined;

  function start(options: Partial<PollerOptions> & Pick<PollerOptions, 'task'>): Poller {
    poller = new Poller({ name: 'test-poller', intervalMs: 1_000, jitter: 0, logger, ...options });
    poller.start();
    return poller;
  }

  beforeEach(() => {
    jest.useFakeTimers();
    errors.length = 0;
  });

  afterEach(async () => {
    const stopping = poller?.stop();
    for (const run of allRuns.splice(0)) run.finish();
    await stopping;
    poller = undefined;
    jest.useRealTimers();
  });

  it('runs every interval after the previous run ended, never two at once', async () => {
    const { task, runs } = controlledTask();
    start({ task });
    expect(task).not.toHaveBeenCalled();

    jest.advanceTimersByTime(1_000);
    expect(task).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(5_000); // the run is still going: no second one
    expect(task).toHaveBeenCalledTimes(1);

    runs[0].finish();
    await settle();
    jest.advanceTimersByTime(999);
    expect(task).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1);
    expect(task).toHaveBeenCalledTimes(2);
  });

  it('runs at once when asked to, and again without waiting while a run finds more to do', async () => {
    const { task, runs } = controlledTask();
    start({ task, runAtStart: true });
    expect(task).toHaveBeenCalledTimes(1);
    runs[0].finish(true);
    await settle();
    expect(task).toHaveBeenCalledTimes(2);
    runs[1].finish(false);
    await settle();
    expect(task).toHaveBeenCalledTimes(2);
    jest.advanceTimersByTime(1_000);
    expect(task).toHaveBeenCalledTimes(3);
  });

  it('spreads its waits by the jitter', async () => {
    const random = jest.spyOn(Math, 'random');
    try {
      const { task, runs } = controlledTask();
      random.mockReturnValue(0); // the shortest wait: interval × (1 − jitter)
      start({ task, jitter: 0.2 });
      jest.advanceTimersByTime(799);
      expect(task).not.toHaveBeenCalled();
      jest.advanceTimersByTime(1);
      expect(task).toHaveBeenCalledTimes(1);

      random.mockReturnValue(0.999_999); // the longest: interval × (1 + jitter)
      runs[0].finish();
      await settle();
      jest.advanceTimersByTime(1_199);
      expect(task).toHaveBeenCalledTimes(1);
      jest.advanceTimersByTime(1);
      expect(task).toHaveBeenCalledTimes(2);
    } finally {
      random.mockRestore();
    }
  });

  it('logs and counts a failed run, then carries on at the next interval', async () => {
    const { task, runs } = controlledTask();
    const failures = async () => (await register.getSingleMetric('zagel_poller_failures_total')!.get()).values.find((value) => value.labels.poller === 'failing')?.value ?? 0;
    const before = await failures();
    start({ task, name: 'failing', runAtStart: true });
    runs[0].fail(new Error('database gone'));
    await settle();
    expect(errors).toEqual(['failing failed: database gone']);
    expect(await failures()).toBe(before + 1);

    jest.advanceTimersByTime(1_000);
    expect(task).toHaveBeenCalledTimes(2);
  });

  it('wakes early: at once when idle, right after the run in flight otherwise', async () => {
    const { task, runs } = controlledTask();
    const started = start({ task });
    started.wake();
    expect(task).toHaveBeenCalledTimes(1);

    started.wake();
    started.wake();
    expect(task).toHaveBeenCalledTimes(1);
    runs[0].finish();
    await settle();
    expect(task).toHaveBeenCalledTimes(2); // the two wakes during the run make one more run
    runs[1].finish();
    await settle();
    expect(task).toHaveBeenCalledTimes(2);
  });

  it('stops: waits for the run in flight and never runs again', async () => {
    const { task, runs } = controlledTask();
    const started = start({ task, runAtStart: true });
    let stopped = false;
    const stopping = started.stop().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);

    runs[0].finish(true); // more to do, but stopping wins
    await stopping;
    expect(stopped).toBe(true);
    started.wake();
    jest.advanceTimersByTime(10_000);
    expect(task).toHaveBeenCalledTimes(1);
  });
});
