import { Agent, request } from 'node:http';
import { FetchLike } from '@zagel/sdk';

export interface KeptAliveFetch {
  fetch: FetchLike;
  close(): void;
}

/**
 * A fetch over kept-alive node:http connections (a customer's backend holding a connection pool),
 * for the public API client: the bench measures the platform, not TCP handshakes or the heavier
 * global fetch.
 */
export function keptAliveFetch(maxSockets = 128): KeptAliveFetch {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const fetch: FetchLike = (url, init) => {
    const target = new URL(url);
    const body = typeof init.body === 'string' || Buffer.isBuffer(init.body) ? init.body : undefined;
    const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    return new Promise<Response>((resolve, reject) => {
      const outgoing = request(
        { agent, hostname: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: init.method ?? 'GET', headers },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', reject);
          incoming.on('end', () => {
            const status = incoming.statusCode ?? 0;
            const answer = new Headers();
            for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === 'string') answer.set(name, value);
            const text = Buffer.concat(chunks);
            resolve(new Response(status === 204 || status === 304 || text.length === 0 ? null : text, { status, headers: answer }));
          });
        },
      );
      outgoing.on('error', reject);
      if (body !== undefined) outgoing.write(body);
      outgoing.end();
    });
  };
  return { fetch, close: () => agent.destroy() };
}
