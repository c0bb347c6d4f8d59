import { createServer } from 'node:net';
import { join } from 'node:path';
import {
  ReadinessTimeoutError,
  RestartPolicy,
  runProcess,
  startServiceProcess,
  SupervisedProcess,
  SupervisorEvent,
  waitForAllReady,
  waitForReady,
} from '@zagel/process-supervisor';

const fixture = join(__dirname, 'fixtures', 'ready-server.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves once `condition` holds, checked now and whenever `changed` fires: waiting needs no clock,
 * so it works on Jest's fake one (the test's own timeout is the deadline).
 */
function whenever(changed: Set<() => void>, condition: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (!condition()) return;
      changed.delete(check);
      resolve();
    };
    changed.add(check);
    check();
  });
}

/** The supervisor's timers (restart backoff, SIGKILL deadline) on Jest's clock; I/O and the event loop stay real. */
const useFakeTimers = () => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'hrtime', 'performance'] });

describe('supervised service processes', () => {
  const started: SupervisedProcess[] = [];

  afterEach(async () => {
    jest.useRealTimers();
    await Promise.all(started.splice(0).map((supervised) => supervised.kill()));
  });

  async function startFixture(env: Record<string, string> = {}, options: { stopTimeoutMs?: number; restart?: Partial<RestartPolicy> } = {}) {
    const port = await freePort();
    const lines: string[] = [];
    const events: SupervisorEvent[] = [];
    const changed = new Set<() => void>();
    const supervised = startServiceProcess({
      name: 'fixture',
      args: [fixture],
      env: { ...process.env, PORT: String(port), ...env },
      restart: options.restart ?? { initialDelayMs: 50, factor: 2, maxDelayMs: 200 },
      stopTimeoutMs: options.stopTimeoutMs,
      onOutput: (line, stream) => {
        lines.push(`${stream}: ${line}`);
        changed.forEach((check) => check());
      },
      onEvent: (event) => {
        events.push(event);
        changed.forEach((check) => check());
      },
    });
    started.push(supervised);
    const until = (condition: () => boolean) => whenever(changed, condition);
    return { supervised, port, url: `http://127.0.0.1:${port}/health/ready`, lines, events, until };
  }

  it('starts a process, forwards its output by line and waits until it is ready', async () => {
    const { supervised, url, lines, events, until } = await startFixture({ READY_AFTER_MS: '300' });

    const before = Date.now();
    await waitForReady(url, { timeoutMs: 10_000, intervalMs: 50 });

    expect(Date.now() - before).toBeGreaterThanOrEqual(200);
    expect(supervised.state).toBe('running');
    expect(events[0]).toEqual({ type: 'started', pid: supervised.pid, restarts: 0 });
    await until(() => lines.length >= 2);
    expect(lines).toEqual(
      expect.arrayContaining([expect.stringMatching(/^stdout: listening on \d+ pid \d+$/), 'stderr: a warning on stderr']),
    );
  });

  it('restarts a process that crashes, with a new pid', async () => {
    const { supervised, url, port, events, until } = await startFixture();
    await waitForReady(url, { timeoutMs: 10_000, intervalMs: 50 });
    const firstPid = supervised.pid;

    await fetch(`http://127.0.0.1:${port}/crash`);
    await until(() => events.some((event) => event.type === 'started' && event.restarts === 1));
    await waitForReady(url, { timeoutMs: 10_000, intervalMs: 50 });

    expect(events).toContainEqual(expect.objectContaining({ type: 'exited', exit: { code: 3, signal: null }, restartInMs: 50 }));
    expect(supervised.pid).not.toBe(firstPid);
    expect(supervised.restarts).toBe(1);
  });

  it('stops with SIGTERM and reports a clean exit', async () => {
    const { supervised, url, lines } = await startFixture();
    await waitForReady(url, { timeoutMs: 10_000, intervalMs: 50 });
    const pid = supervised.pid as number;

    const result = await supervised.stop();

    expect(result).toEqual({ exit: { code: 0, signal: null }, forced: false });
    expect(lines).toContain('stdout: stopping');
    expect(supervised.state).toBe('stopped');
    expect(isAlive(pid)).toBe(false);
    await expect(supervised.whenDone()).resolves.toBeUndefined();
  });

  it('kills a process that ignores SIGTERM once the deadline passes', async () => {
    const { supervised, url, lines, until } = await startFixture({ IGNORE_SIGTERM: '1' }, { stopTimeoutMs: 300 });
    await waitForReady(url, { timeoutMs: 10_000, intervalMs: 50 });
    useFakeTimers();

    const stopped = supervised.stop();
    // However slow the machine, the deadline passes only after the process has had its SIGTERM.
    await until(() => lines.includes('stdout: ignoring SIGTERM'));
    jest.advanceTimersByTime(299);
    expect(supervised.state).toBe('stopping');
    jest.advanceTimersByTime(1);

    expect(await stopped).toEqual({ exit: { code: null, signal: 'SIGKILL' }, forced: true });
  });

  it('gives up after the allowed consecutive restarts', async () => {
    const port = await freePort();
    const events: SupervisorEvent[] = [];
    const supervised = startServiceProcess({
      name: 'doomed',
      args: [fixture],
      env: { ...process.env, PORT: String(port), EXIT_AT_ONCE: '2' },
      restart: { initialDelayMs: 10, maxRestarts: 2 },
      onEvent: (event) => events.push(event),
    });
    started.push(supervised);

    await supervised.whenDone();

    expect(supervised.state).toBe('failed');
    expect(events.filter((event) => event.type === 'started')).toHaveLength(3);
    expect(events.at(-1)).toMatchObject({ type: 'exited', exit: { code: 2 }, restartInMs: undefined });
  });

  it('does not restart a process stopped while waiting to restart', async () => {
    const { supervised, url, events, until } = await startFixture({}, { restart: { initialDelayMs: 2_000 } });
    await waitForReady(url, { timeoutMs: 10_000, intervalMs: 50 });
    useFakeTimers();
    process.kill(supervised.pid as number, 'SIGKILL');
    await until(() => supervised.state === 'restarting');

    const result = await supervised.stop();
    jest.advanceTimersByTime(60_000);

    expect(result).toEqual({ exit: null, forced: false });
    expect(supervised.state).toBe('stopped');
    expect(events.filter((event) => event.type === 'started')).toHaveLength(1);
  });

  it('reports who became ready and who did not', async () => {
    const good = await startFixture();
    const slow = await startFixture({ READY_AFTER_MS: '60000' });
    const readyNames: string[] = [];

    const summary = await waitForAllReady(
      [
        { name: 'good', url: good.url },
        { name: 'slow', url: slow.url },
      ],
      { timeoutMs: 1_000, intervalMs: 50, onReady: (name) => readyNames.push(name) },
    );

    expect(summary).toEqual({ ready: ['good'], notReady: ['slow'] });
    expect(readyNames).toEqual(['good']);
    // Long enough for the 503 to arrive on a loaded machine, so the error can name it.
    const notReady = waitForReady(slow.url, { timeoutMs: 1_500, intervalMs: 50 });
    await expect(notReady).rejects.toThrow(ReadinessTimeoutError);
    await expect(notReady).rejects.toThrow(/HTTP 503/);
  });

  it('runs a one-shot command to its exit code', async () => {
    const lines: string[] = [];

    const exit = await runProcess({
      args: ['-e', 'console.log("migrated 3"); process.exit(4)'],
      onOutput: (line) => lines.push(line),
    });

    expect(exit).toEqual({ code: 4, signal: null });
    expect(lines).toEqual(['migrated 3']);
  });
});
