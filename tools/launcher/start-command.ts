import {
  describeExit,
  startServiceProcess,
  stopAll,
  SupervisedProcess,
  SupervisorEvent,
  waitForAllReady,
  waitForReady,
} from '@zagel/process-supervisor';
import { checkDependencies, DependencyUrls } from './infrastructure';
import { formatSeconds, LauncherOutput, readySummary } from './output';
import { busyPorts, missingBuilds } from './preflight';
import { ServicePlan } from './service-plan';
import { onShutdownSignals } from './shutdown-signals';

export interface StartContext {
  rootDir: string;
  plans: ServicePlan[];
  urls: DependencyUrls;
  readyTimeoutMs: number;
  output: LauncherOutput;
}

const STOP_TIMEOUT_MS = 10_000;

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

const watched = new Set<string>();

/** Reports when a service that was not ready (restarted, or slow to start) becomes ready. */
function watchUntilReady(context: StartContext, plan: ServicePlan, message: string, shuttingDown: AbortSignal): void {
  if (watched.has(plan.name)) return;
  watched.add(plan.name);
  waitForReady(plan.readyUrl, { timeoutMs: Number.POSITIVE_INFINITY, intervalMs: 500, signal: shuttingDown })
    .then(
      () => context.output.say(`${plan.name} ${message}`, 'good'),
      () => undefined, // shutdown
    )
    .finally(() => watched.delete(plan.name));
}

/** Reports a child's life in the launcher's own lines. */
function reportEvent(context: StartContext, plan: ServicePlan, event: SupervisorEvent, shuttingDown: AbortSignal): void {
  const { output } = context;
  switch (event.type) {
    case 'started':
      if (event.restarts === 0) return;
      output.say(`${plan.name} restarted (pid ${event.pid}, restart ${event.restarts})`, 'warn');
      watchUntilReady(context, plan, 'ready again', shuttingDown);
      return;
    case 'exited':
      if (event.restartInMs === undefined) output.say(`${plan.name} exited with ${describeExit(event.exit)}; giving up`, 'bad');
      else {
        output.say(
          `${plan.name} exited with ${describeExit(event.exit)} after ${formatSeconds(event.uptimeMs)}; restarting in ${formatSeconds(event.restartInMs)}`,
          'warn',
        );
      }
      return;
    case 'spawn-failed':
      output.say(`${plan.name} could not be started: ${event.error.message}`, 'bad');
      return;
    case 'stopped':
      if (event.forced) output.say(`${plan.name} did not stop within ${formatSeconds(STOP_TIMEOUT_MS)} and was killed`, 'warn');
      return;
  }
}

/** Checks, starts, waits for readiness, then supervises until Ctrl-C. Resolves to the exit code. */
export async function startPlatform(context: StartContext): Promise<number> {
  const { output, plans } = context;

  const problems = [...missingBuilds(plans, context.rootDir), ...(await busyPorts(plans))];
  const dependencies = await checkDependencies(context.urls, ['postgres', 'redis', 'rabbitmq']);
  problems.push(...dependencies.problems);
  if (problems.length > 0) {
    for (const problem of problems) output.say(problem, 'bad');
    return 1;
  }
  if (dependencies.createdDatabase) output.say(`created database ${dependencies.createdDatabase}`);

  output.say(`starting ${plans.map((plan) => plan.name).join(', ')}`);
  const startedAt = Date.now();
  const shuttingDown = new AbortController();
  const processes: SupervisedProcess[] = plans.map((plan) =>
    startServiceProcess({
      name: plan.name,
      args: [plan.entry],
      cwd: context.rootDir,
      env: plan.env,
      stopTimeoutMs: STOP_TIMEOUT_MS,
      onOutput: (line, stream) => output.service(plan.name, line, stream),
      onEvent: (event) => reportEvent(context, plan, event, shuttingDown.signal),
    }),
  );

  let stopped!: () => void;
  const stoppedAll = new Promise<void>((resolve) => (stopped = resolve));
  const removeHandlers = onShutdownSignals(
    (signal) => {
      shuttingDown.abort();
      output.say(`${signal}: stopping ${plural(processes.length, 'service')} (Ctrl-C again to kill them)`);
      void stopAll(processes, STOP_TIMEOUT_MS).then(() => stopped());
    },
    () => {
      output.say('killing every service', 'warn');
      void Promise.all(processes.map((supervised) => supervised.kill())).then(() => stopped());
    },
  );

  const summary = await waitForAllReady(
    plans.map((plan) => ({ name: plan.name, url: plan.readyUrl })),
    {
      timeoutMs: context.readyTimeoutMs,
      intervalMs: 250,
      signal: shuttingDown.signal,
      onReady: (name, elapsedMs) => output.say(`${name} ready after ${formatSeconds(elapsedMs)}`, 'good'),
      onWaiting: (pending, elapsedMs) => output.say(`still starting after ${formatSeconds(elapsedMs)}: ${pending.join(', ')}`),
    },
  );
  if (!shuttingDown.signal.aborted) {
    const tone = summary.notReady.length === 0 ? 'good' : 'warn';
    for (const line of readySummary(plans, summary.notReady, Date.now() - startedAt)) output.say(line, tone);
    for (const plan of plans.filter((candidate) => summary.notReady.includes(candidate.name))) {
      watchUntilReady(context, plan, 'ready at last', shuttingDown.signal);
    }
  }

  await stoppedAll;
  removeHandlers();
  output.say('all services stopped');
  return 0;
}
