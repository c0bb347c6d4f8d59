import { randomUUID } from 'node:crypto';

export type Credential = { bearer: string } | { apiKey: string };

export class DemoApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { code?: string; detail?: string; title?: string },
    what: string,
  ) {
    super(`${what}: ${status} ${problem.code ?? ''} ${problem.detail ?? problem.title ?? ''}`.trim());
    this.name = 'DemoApiError';
  }
}

/** The few public API calls the demo makes, as a developer would make them. */
export class DemoApi {
  constructor(readonly baseUrl: string) {}

  get<T>(path: string, as?: Credential): Promise<T> {
    return this.request<T>('GET', path, undefined, as);
  }

  post<T>(path: string, body: object, as?: Credential): Promise<T> {
    return this.request<T>('POST', path, body, as);
  }

  private async request<T>(method: string, path: string, body: object | undefined, as?: Credential): Promise<T> {
    const headers: Record<string, string> = {};
    if (body) {
      headers['content-type'] = 'application/json';
      headers['idempotency-key'] = randomUUID();
    }
    if (as && 'bearer' in as) headers.authorization = `Bearer ${as.bearer}`;
    if (as && 'apiKey' in as) headers['x-api-key'] = as.apiKey;
    const response = await fetch(new URL(path, this.baseUrl), { method, headers, body: body ? JSON.stringify(body) : undefined });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) throw new DemoApiError(response.status, (parsed ?? {}) as DemoApiError['problem'], `${method} ${path}`);
    return parsed as T;
  }
}
