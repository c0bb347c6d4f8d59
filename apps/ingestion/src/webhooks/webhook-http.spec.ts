import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { BlockedAddressError, postWebhook } from './webhook-http';

describe('postWebhook', () => {
  let server: Server;
  let port: number;
  const bodies: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        bodies.push(body);
        response.statusCode = 202;
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses a host name that resolves to a private address when it connects (no DNS rebinding)', async () => {
    const before = bodies.length;
    await expect(postWebhook(`http://localhost:${port}/x`, '{}', {}, { timeoutMs: 2_000, allowPrivate: false })).rejects.toBeInstanceOf(
      BlockedAddressError,
    );
    expect(bodies.length).toBe(before);
  });

  it('posts when private targets are allowed', async () => {
    const response = await postWebhook(`http://localhost:${port}/x`, '{"a":1}', {}, { timeoutMs: 2_000, allowPrivate: true });
    expect(response.statusCode).toBe(202);
    expect(bodies[bodies.length - 1]).toBe('{"a":1}');
  });
});
