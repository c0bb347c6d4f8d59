import { createServer } from 'node:net';

/**
 * Ports are handed out below Linux's ephemeral range (32768–60999), so no outgoing connection can
 * take one between the check and the service binding it, and each Jest worker draws from its own
 * slice, so two test files running side by side never pick the same port.
 */
const FIRST_PORT = 20_000;
const LAST_PORT = 32_000;
const SLICES = 8;
const SLICE_SIZE = Math.floor((LAST_PORT - FIRST_PORT) / SLICES);

const handedOut = new Set<number>();

function slice(): { start: number; size: number } {
  const worker = Number(process.env.JEST_WORKER_ID ?? '0');
  const index = Number.isInteger(worker) && worker > 0 ? (worker - 1) % SLICES : process.pid % SLICES;
  return { start: FIRST_PORT + index * SLICE_SIZE, size: SLICE_SIZE };
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
  });
}

/** A TCP port nothing listens on right now, not handed out before by this process (for a service under test). */
export async function freePort(): Promise<number> {
  const { start, size } = slice();
  const first = Math.floor(Math.random() * size);
  for (let step = 0; step < size; step += 1) {
    const port = start + ((first + step) % size);
    if (handedOut.has(port)) continue;
    if (await bindable(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port in ${start}–${start + size - 1}`);
}
