import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { sign, SignOptions } from 'jsonwebtoken';
import {
  ApiKeyScope,
  GetSigningKeys,
  JsonWebKeySet,
  ListSuspendedOrganizations,
  Register,
  ResolveApiKey,
  ResolvedApiKey,
  SessionReply,
} from '@zagel/contracts';
import { BusProbe, TestPlatform } from '@zagel/testing';

const KID = 'test-key-1';

/** Stands in for the auth service on the bus: signing keys, API keys, suspensions, registration. */
export class FakeAuth {
  readonly organizationId = randomUUID();
  readonly suspendedOrganizationId = randomUUID();
  readonly userId = randomUUID();
  readonly apiKeys = new Map<string, ResolvedApiKey>();
  resolveCalls = 0;
  registerCalls = 0;
  /** A registration named `Slow` waits here until the test calls `releaseSlowRegistrations()`. */
  private slowGate: Promise<void>;
  private openSlowGate!: () => void;
  private readonly keyPair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  probe!: BusProbe;

  private constructor() {
    this.slowGate = new Promise((resolve) => (this.openSlowGate = resolve));
  }

  /** Plays auth on the platform's bus. */
  static async start(platform: TestPlatform): Promise<FakeAuth> {
    const auth = new FakeAuth();
    auth.probe = await platform.probe({ service: 'auth', plays: (bus) => auth.answer(bus) });
    return auth;
  }

  releaseSlowRegistrations(): void {
    this.openSlowGate();
  }

  private answer(bus: BusProbe['bus']): void {
    bus.rpc.handle(GetSigningKeys, () => this.jwks());
    bus.rpc.handle(ListSuspendedOrganizations, () => ({ organizationIds: [this.suspendedOrganizationId] }));
    bus.rpc.handle(ResolveApiKey, ({ key }) => {
      this.resolveCalls += 1;
      const resolved = this.apiKeys.get(key);
      if (!resolved) throw Object.assign(new Error('no such key'), { code: 'invalid_api_key' });
      return resolved;
    });
    bus.rpc.handle(Register, async (request): Promise<SessionReply> => {
      this.registerCalls += 1;
      if (request.name === 'Slow') await this.slowGate;
      if (request.password === 'password') {
        throw Object.assign(new Error('too common'), { code: 'weak_password', details: { reasons: ['common password'] } });
      }
      const now = new Date().toISOString();
      return {
        user: { id: randomUUID(), email: request.email, name: request.name, accountType: request.accountType, platformAdmin: false, createdAt: now },
        tokens: { accessToken: this.token(), refreshToken: `rt_${randomUUID()}`, expiresIn: 900, tokenType: 'Bearer' },
      };
    });
  }

  jwks(): JsonWebKeySet {
    const { n, e } = this.keyPair.publicKey.export({ format: 'jwk' });
    return { keys: [{ kid: KID, kty: 'RSA', alg: 'RS256', use: 'sig', n, e }] };
  }

  token(claims: Record<string, unknown> = {}, options: SignOptions = {}): string {
    const payload = { sub: this.userId, org: this.organizationId, role: 'owner', acct: 'customer', typ: 'access', ...claims };
    const expiry = 'exp' in payload ? {} : { expiresIn: 300 };
    return sign(payload, this.keyPair.privateKey, { algorithm: 'RS256', keyid: KID, issuer: 'zagel', audience: 'zagel-api', ...expiry, ...options });
  }

  addApiKey(scopes: ApiKeyScope[], organizationId = this.organizationId): { key: string; apiKeyId: string } {
    const key = `zk_live_${randomUUID().replace(/-/g, '')}`;
    const apiKeyId = randomUUID();
    this.apiKeys.set(key, { apiKeyId, organizationId, organizationStatus: 'active', scopes, prefix: key.slice(0, 12) });
    return { key, apiKeyId };
  }
}
