import { Contract, RegisterRequest, RpcContract, SessionReply, Register } from '@zagel/contracts';
import { BusProbe, TestPlatform } from '@zagel/testing';

export interface CapturedEvent<P> {
  payload: P;
  tenantId?: string;
}

export const STRONG_PASSWORD = 'violet-harbor-93-quill-tundra';

/** What the auth tests do on a platform running auth: call its RPCs over the bus and hear its events. */
export class AuthDesk {
  private counter = 0;

  private constructor(private readonly client: BusProbe) {}

  static async open(platform: TestPlatform, listenTo: Contract[] = []): Promise<AuthDesk> {
    return new AuthDesk(await platform.probe({ service: 'auth-test-client', hears: listenTo }));
  }

  call<Req extends object, Res extends object>(contract: RpcContract<Req, Res>, payload: Req): Promise<Res> {
    return this.client.rpc.call(contract, 'auth', payload, { timeoutMs: 10_000 });
  }

  received<P extends object>(contract: Contract<P>): CapturedEvent<P>[] {
    return this.client.heardWithMetadata(contract).map(({ payload, metadata }) => ({ payload, tenantId: metadata.tenantId }));
  }

  /** A fresh email, so tests never collide. */
  email(label: string): string {
    this.counter += 1;
    return `${label}-${this.counter}@example.test`;
  }

  register(overrides: Partial<RegisterRequest> = {}): Promise<SessionReply> {
    return this.call(Register, {
      email: this.email('user'),
      password: STRONG_PASSWORD,
      name: 'Test User',
      accountType: 'customer',
      client: { ip: '198.51.100.1' },
      ...overrides,
    });
  }
}
