import { io, Socket } from 'socket.io-client';
import { ChildMessage, exitOnFailure, readWiring, reportReady } from './wiring';

/**
 * The phones of the minimal OTP path: `phones` Socket.IO clients connected to the worker, each
 * acking every `sms:send` at once and noting when it arrived (monotonic clock, comparable with the
 * bench's). The bench asks for the count and the arrivals over IPC.
 */
async function serve(): Promise<void> {
  const wiring = readWiring();
  let arrivals: [string, string][] = [];
  const sockets: Socket[] = [];
  await Promise.all(
    Array.from({ length: wiring.phones }, (_, index) => {
      const socket = io(wiring.workerUrl as string, { transports: ['websocket'], auth: { phone: index } });
      sockets.push(socket);
      socket.on('sms:send', (request: { to: string }, ack: (answer: { accepted: boolean }) => void) => {
        arrivals.push([request.to, String(process.hrtime.bigint())]);
        ack({ accepted: true });
      });
      return new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
    }),
  );
  process.on('message', (message: { kind: string }) => {
    if (message.kind === 'count') process.send?.({ kind: 'received-count', count: arrivals.length } satisfies ChildMessage);
    if (message.kind === 'collect') {
      process.send?.({ kind: 'received', arrivals } satisfies ChildMessage);
      arrivals = [];
    }
  });
  reportReady(undefined, async () => sockets.forEach((socket) => socket.close()));
}

serve().catch(exitOnFailure);
