import { Inject, Injectable } from '@nestjs/common';
import { InjectRedis, RedisClient, RedisKeys } from '@zagel/redis';
import { OtpConfig } from '../config';
import { FraudGuard, SendDestination } from '../fraud-guard/fraud-guard';
import { CodeSecrets } from './code-secrets';
import { canonicalCode } from './verification-code';
import { CHECK_CODE_SCRIPT, CLOSE_APPROVED_SCRIPT, OPEN_SESSION_SCRIPT, UNDO_OPEN_SCRIPT } from './session-scripts';

export interface NewSession {
  id: string;
  destination: SendDestination;
  code: string;
  alphanumeric: boolean;
  ttlSeconds: number;
}

export type CheckOutcome =
  | { kind: 'missing' }
  | { kind: 'locked' | 'match' | 'wrong' | 'exhausted'; attempts: number; maxAttempts: number };

/**
 * A verification's live state in Redis, each step one script (one round trip): opening it with the
 * fraud guard's windows and the code, taking it back when the start fails, and checking a code.
 * Refusals are the fraud guard's errors.
 */
@Injectable()
export class CodeSessions {
  constructor(
    @Inject(OtpConfig) private readonly config: OtpConfig,
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly guard: FraudGuard,
    private readonly secrets: CodeSecrets,
  ) {}

  async open(session: NewSession, now = Date.now()): Promise<void> {
    const { id, destination, code } = session;
    const prefix = this.guard.prefixOf(destination.e164);
    const limits = this.guard.startLimits(destination);
    const config = this.config;
    const args: (string | number)[] = [
      now,
      id,
      now - config.OTP_PUMPING_WINDOW_SECONDS * 1_000,
      now - config.OTP_PUMPING_GRACE_SECONDS * 1_000,
      config.OTP_PUMPING_MIN_VOLUME,
      config.OTP_PUMPING_MIN_VERIFY_RATE,
      config.OTP_PREFIX_BLOCK_SECONDS * 1_000,
      new Date(now).toISOString(),
      config.OTP_PUMPING_WINDOW_SECONDS * 1_000,
      this.secrets.hmac(id, code),
      this.secrets.seal(id, code),
      config.OTP_MAX_CHECK_ATTEMPTS,
      session.ttlSeconds,
      config.OTP_RESEND_COOLDOWN_SECONDS * 1_000,
      destination.organizationId,
      session.alphanumeric ? '1' : '0',
    ];
    for (const limit of limits) args.push(limit.windowSeconds * 1_000, limit.limit);
    const reply = (await OPEN_SESSION_SCRIPT.run(this.redis, {
      keys: [
        this.guard.prefixKey('prefix-blocked', prefix),
        this.guard.prefixKey('prefix-started', prefix),
        this.guard.prefixKey('prefix-approved', prefix),
        this.codeKey(id),
        this.cooldownKey(id),
        this.latestKey(destination),
        ...limits.map((limit) => limit.key),
      ],
      args,
    })) as [string, ...number[]];
    const [verdict, first = 0, second = 0, third = 0] = reply;
    if (verdict === 'opened') return;
    if (verdict === 'blocked') this.guard.refusePrefix(prefix, Number(first));
    if (verdict === 'pumping') this.guard.refusePrefix(prefix, Number(first), { started: Number(second), approved: Number(third) });
    this.guard.refuseWindow(limits[Number(first) - 1]!, Number(second));
  }

  /** Takes back an opened session whose start then failed (its slots, its code, its pointer). */
  async undo(id: string, destination: SendDestination): Promise<void> {
    const prefix = this.guard.prefixOf(destination.e164);
    await UNDO_OPEN_SCRIPT.run(this.redis, {
      keys: [
        this.guard.prefixKey('prefix-started', prefix),
        this.codeKey(id),
        this.cooldownKey(id),
        this.latestKey(destination),
        ...this.guard.startLimits(destination).map((limit) => limit.key),
      ],
      args: [id],
    });
  }

  /** The verification a check by number means (the number's newest), while its code lives. */
  async latest(organizationId: string, e164: string): Promise<string | undefined> {
    return (await this.redis.get(this.latestKey({ organizationId, e164 }))) ?? undefined;
  }

  async check(organizationId: string, id: string, typed: string): Promise<CheckOutcome> {
    const asTyped = canonicalCode(typed, false);
    const upper = canonicalCode(typed, true);
    const asTypedHmac = this.secrets.hmac(id, asTyped);
    const reply = (await CHECK_CODE_SCRIPT.run(this.redis, {
      keys: [this.codeKey(id)],
      args: [organizationId, asTypedHmac, upper === asTyped ? asTypedHmac : this.secrets.hmac(id, upper)],
    })) as [CheckOutcome['kind'], number?, number?];
    const [kind, attempts, maxAttempts] = reply;
    if (kind === 'missing') return { kind };
    return { kind, attempts: Number(attempts), maxAttempts: Number(maxAttempts) };
  }

  /**
   * After an approval committed: the code goes, and the approval counts in its prefix's verify rate
   * (scored by the start time, so the rate compares approvals with the starts of the same period).
   */
  async approved(id: string, e164: string, startedAt: Date): Promise<void> {
    await CLOSE_APPROVED_SCRIPT.run(this.redis, {
      keys: [this.codeKey(id), this.guard.prefixKey('prefix-approved', this.guard.prefixOf(e164))],
      args: [id, startedAt.getTime(), Date.now(), this.config.OTP_PUMPING_WINDOW_SECONDS * 1_000],
    });
  }

  private codeKey(id: string): string {
    return this.keys.key('otp', 'code', id);
  }

  private cooldownKey(id: string): string {
    return this.keys.key('otp', 'resend-cooldown', id);
  }

  private latestKey(destination: Pick<SendDestination, 'organizationId' | 'e164'>): string {
    return this.keys.key('otp', 'latest', destination.organizationId, destination.e164);
  }
}
