import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ReadinessTimeoutError, waitForReady } from './wait-for-ready';

/** A server that answers the first `answered` probes with `status` and leaves the rest hanging. */
async function serve(status: number, answered: number): Promise<{ url: string; server: Server }> {
  let probes = 0;
  const server = createServer((_request: IncomingMessage, response: ServerResponse) => {
    probes += 1;
    if (probes > answered) return;
    response.statusCode = status;
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/health/ready`, server };
}

describe('waitForReady', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('names the last answer the service gave, not the probe the deadline cut short', async () => {
    const target = await serve(503, 1);
    server = target.server;

    const waiting = waitForReady(target.url, { timeoutMs: 300, intervalMs: 10, requestTimeoutMs: 5_000 });

    await expect(waiting).rejects.toThrow(ReadinessTimeoutError);
    await expect(waiting).rejects.toThrow('last answer: HTTP 503');
  });

  it('names a timeout when the service never answered', async () => {
    const target = await serve(200, 0);
    server = target.server;

    await expect(waitForReady(target.url, { timeoutMs: 200, intervalMs: 10 })).rejects.toThrow(/last answer: no answer within \d+ ms/);
  });
});
