import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';

export type Credential = { bearer: string } | { apiKey: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what}: ${status} ${JSON.stringify(body)}`);
    this.name = 'ApiError';
  }
}

/**
 * JSON calls to the public API over kept-alive connections (a customer's backend holding a
 * connection pool), so the bench measures the platform and not TCP handshakes.
 */
export class JsonClient {
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(baseUrl: string, maxSockets = 128) {
    this.url = new URL(baseUrl);
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  get<T>(path: string, as?: Credential): Promise<T> {
    return this.request<T>('GET', path, undefined, as);
  }

  post<T>(path: string, body: object, as?: Credential): Promise<T> {
    return this.request<T>('POST', path, body, as);
  }

  close(): void {
    this.agent.destroy();
  }

  private request<T>(method: string, path: string, body: object | undefined, as?: Credential): Promise<T> {
    const headers: Record<string, string> = {};
    const payload = body ? JSON.stringify(body) : undefined;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
      headers['idempotency-key'] = randomUUID();
    }
    if (as && 'bearer' in as) headers.authorization = `Bearer ${as.bearer}`;
    if (as && 'apiKey' in as) headers['x-api-key'] = as.apiKey;
    return new Promise<T>((resolve, reject) => {
      const outgoing = request(
        { agent: this.agent, hostname: this.url.hostname, port: this.url.port, path, method, headers },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = text;
            }
            const status = response.statusCode ?? 0;
            if (status >= 400) reject(new ApiError(status, parsed, `${method} ${path}`));
            else resolve(parsed as T);
          });
        },
      );
      outgoing.on('error', reject);
      if (payload !== undefined) outgoing.write(payload);
      outgoing.end();
    });
  }
}
