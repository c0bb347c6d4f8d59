import { randomUUID } from 'node:crypto';

/** What `POST /v1/devices` answers: the new device and the token its phone connects with. */
export interface RegisteredDevice {
  id: string;
  deviceToken: string;
  country: string;
  carrier: string | null;
}

export class DeviceApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'DeviceApiError';
  }
}

/** The public API calls a phone owner makes to put phones in the pool (account, then devices). */
export class DeviceApiClient {
  constructor(private readonly apiUrl: string) {}

  /** Registers a phone-owner account; if the email is taken, logs in with the same password. Returns an access token. */
  async registerOwner(email: string, password: string, name: string): Promise<string> {
    try {
      const session = await this.post<{ accessToken: string }>('/v1/auth/register', { email, password, name, accountType: 'device_owner' });
      return session.accessToken;
    } catch (error) {
      if (error instanceof DeviceApiError && error.status === 409) return this.login(email, password);
      throw error;
    }
  }

  async login(email: string, password: string): Promise<string> {
    const session = await this.post<{ accessToken: string }>('/v1/auth/login', { email, password });
    return session.accessToken;
  }

  registerDevice(accessToken: string, phoneNumber: string, label: string): Promise<RegisteredDevice> {
    return this.post<RegisteredDevice>('/v1/devices', { phoneNumber, label }, accessToken);
  }

  private async post<T>(path: string, body: object, accessToken?: string): Promise<T> {
    const response = await fetch(new URL(path, this.apiUrl), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      },
      body: JSON.stringify(body),
    }).catch((error: unknown) => {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new Error(`cannot reach the API at ${this.apiUrl}: ${cause}`);
    });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const problem = (parsed ?? {}) as { code?: string; detail?: string; title?: string };
      throw new DeviceApiError(response.status, problem.code, `POST ${path}: ${response.status} ${problem.code ?? ''} ${problem.detail ?? problem.title ?? ''}`.trim());
    }
    return parsed as T;
  }
}
