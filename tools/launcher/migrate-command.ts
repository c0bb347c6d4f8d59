import { describeExit, runProcess } from '@zagel/process-supervisor';
import { checkDependencies, DependencyUrls } from './infrastructure';
import { formatSeconds, LauncherOutput } from './output';
import { missingBuilds } from './preflight';
import { ServicePlan } from './service-plan';
import { onShutdownSignals } from './shutdown-signals';

export interface MigrateContext {
  rootDir: string;
  plans: ServicePlan[];
  urls: DependencyUrls;
  output: LauncherOutput;
}

/** `main.js migrate` for each service in turn; stops at the first failure and returns its status. */
export async function migrateDatabases(context: MigrateContext): Promise<number> {
  const { output, plans } = context;
  const problems = missingBuilds(plans, context.rootDir);
  const dependencies = await checkDependencies(context.urls, ['postgres']);
  problems.push(...dependencies.problems);
  if (problems.length > 0) {
    for (const problem of problems) output.say(problem, 'bad');
    return 1;
  }
  if (dependencies.createdDatabase) output.say(`created database ${dependencies.createdDatabase}`);

  const interrupted = new AbortController();
  const removeHandlers = onShutdownSignals(
    () => interrupted.abort(),
    () => undefined,
  );
  const startedAt = Date.now();
  try {
    for (const plan of plans) {
      if (interrupted.signal.aborted) return 130;
      output.say(`migrating ${plan.name}`);
      const exit = await runProcess({
        args: [plan.entry, 'migrate'],
        cwd: context.rootDir,
        env: plan.env,
        signal: interrupted.signal,
        onOutput: (line, stream) => output.service(plan.name, line, stream),
      });
      if (exit.code !== 0) {
        output.say(`${plan.name} migrations failed (${describeExit(exit)})`, 'bad');
        return exit.code ?? 1;
      }
    }
  } finally {
    removeHandlers();
  }
  output.say(`migrations done for ${plans.map((plan) => plan.name).join(', ')} in ${formatSeconds(Date.now() - startedAt)}`, 'good');
  return 0;
}
