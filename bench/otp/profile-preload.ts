import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

/**
 * Loaded into each service with `--require` when the bench runs with `--profile=<dir>`: profiles the
 * process's CPU from start and writes `<dir>/<service>.cpuprofile` on SIGTERM (Node's own
 * `--cpu-prof` writes nothing when the process ends by the signal, as a Nest app does).
 */
const directory = process.env.BENCH_PROFILE_DIR;
if (directory) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1_000 });
  session.post('Profiler.start');
  process.once('SIGTERM', () => {
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      const name = process.env.INSTANCE_ID ?? String(process.pid);
      writeFileSync(join(directory, `${name}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
