/**
 * Ctrl-C, SIGTERM or a closed terminal (SIGHUP) once: `onStop` (graceful). A second time:
 * `onForce`. Returns a function that removes the handlers. The children run in process groups of
 * their own, so these signals reach them only through the launcher.
 */
export function onShutdownSignals(onStop: (signal: NodeJS.Signals) => void, onForce: () => void): () => void {
  let received = 0;
  const handle = (signal: NodeJS.Signals) => {
    received += 1;
    if (received === 1) onStop(signal);
    else onForce();
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, handle);
  return () => {
    for (const signal of signals) process.removeListener(signal, handle);
  };
}
