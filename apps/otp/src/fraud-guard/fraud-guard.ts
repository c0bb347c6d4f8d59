import { Inject, Injectable } from '@nestjs/common';
import { OtpBlockReason, OtpErrorCode } from '@zagel/contracts';
import { InjectRedis, RedisClient, RedisKeys } from '@zagel/redis';
import { OtpConfig } from '../config';
import { OtpError } from '../shared/otp-error';
import { destinationPrefix, isPumping, retryAfterSeconds, WindowLimit } from './fraud-rules';
import { countBlocked } from './otp-metrics';
import { SlidingWindows } from './sliding-windows';

export interface SendDestination {
  organizationId: string;
  e164: string;
  country: string;
}

/**
 * Decides whether a verification SMS may go out: the organization's country allowlist, blocked
 * (pumped) prefixes, velocity per organization and per prefix, and sends per number. Every refusal
 * is an OtpError with a stable code and is counted in `zagel_otp_blocked_total{reason}`.
 */
@Injectable()
export class FraudGuard {
  constructor(
    @Inject(OtpConfig) private readonly config: OtpConfig,
    @InjectRedis() private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly windows: SlidingWindows,
  ) {}

  prefixOf(e164: string): string {
    return destinationPrefix(e164, this.config.OTP_PREFIX_NATIONAL_DIGITS);
  }

  checkCountry(destination: SendDestination, allowedCountries: readonly string[]): void {
    if (allowedCountries.length === 0 || allowedCountries.includes(destination.country)) return;
    this.refuse(OtpErrorCode.CountryNotAllowed, `Verifications to ${destination.country} are not allowed for this organization.`, {
      country: destination.country,
      allowedCountries: [...allowedCountries],
    });
  }

  /** Refuses a prefix under a pumping block, and starts a block when the prefix's verify rate collapsed. */
  async checkPrefix(destination: SendDestination): Promise<void> {
    const prefix = this.prefixOf(destination.e164);
    const blockedKey = this.keys.key('otp', 'prefix-blocked', prefix);
    const now = Date.now();
    const from = now - this.config.OTP_PUMPING_WINDOW_SECONDS * 1_000;
    const until = now - this.config.OTP_PUMPING_GRACE_SECONDS * 1_000;
    const [blockedMs, started, approved] = (await this.redis
      .multi()
      .pTTL(blockedKey)
      .zCount(this.keys.key('otp', 'prefix-started', prefix), from, until)
      .zCount(this.keys.key('otp', 'prefix-approved', prefix), from, until)
      .exec()) as unknown as [number, number, number];
    if (blockedMs > 0) this.refusePrefix(prefix, blockedMs);
    const rule = { minVolume: this.config.OTP_PUMPING_MIN_VOLUME, minVerifyRate: this.config.OTP_PUMPING_MIN_VERIFY_RATE };
    if (!isPumping(started, approved, rule)) return;
    const blockMs = this.config.OTP_PREFIX_BLOCK_SECONDS * 1_000;
    await this.redis.set(blockedKey, JSON.stringify({ started, approved, at: new Date(now).toISOString() }), { PX: blockMs, NX: true });
    this.refusePrefix(prefix, blockMs, { started, approved });
  }

  /** Takes a slot in the organization's, the prefix's and the number's windows (all or none). */
  async takeStartSlots(destination: SendDestination, verificationId: string): Promise<void> {
    await this.take(this.startLimits(destination), verificationId);
  }

  async releaseStartSlots(destination: SendDestination, verificationId: string): Promise<void> {
    await this.windows.giveBack(this.startLimits(destination).map((limit) => limit.key), verificationId);
  }

  async takeResendSlot(destination: SendDestination, messageId: string): Promise<void> {
    await this.take([this.numberLimit(destination)], messageId);
  }

  async releaseResendSlot(destination: SendDestination, messageId: string): Promise<void> {
    await this.windows.giveBack([this.numberLimit(destination).key], messageId);
  }

  /** Remembers a started verification for the prefix's verify rate. */
  async recordStarted(e164: string, verificationId: string, startedAt: Date): Promise<void> {
    await this.record('prefix-started', e164, verificationId, startedAt);
  }

  /** Takes back a start recorded for a verification that then failed to start. */
  async forgetStarted(e164: string, verificationId: string): Promise<void> {
    await this.redis.zRem(this.keys.key('otp', 'prefix-started', this.prefixOf(e164)), verificationId);
  }

  /** Scored by the start time, so the rate compares approvals with the starts of the same period. */
  async recordApproved(e164: string, verificationId: string, startedAt: Date): Promise<void> {
    await this.record('prefix-approved', e164, verificationId, startedAt);
  }

  refuseCooldown(retryAfterMs: number): never {
    const seconds = retryAfterSeconds(retryAfterMs);
    this.refuse(OtpErrorCode.ResendCooldown, `Wait ${seconds} s before sending this code again.`, { retryAfterSeconds: seconds });
  }

  private async record(set: string, e164: string, verificationId: string, at: Date): Promise<void> {
    const key = this.keys.key('otp', set, this.prefixOf(e164));
    const windowMs = this.config.OTP_PUMPING_WINDOW_SECONDS * 1_000;
    await this.redis
      .multi()
      .zAdd(key, { score: at.getTime(), value: verificationId })
      .zRemRangeByScore(key, '-inf', Date.now() - windowMs)
      .pExpire(key, windowMs)
      .exec();
  }

  private startLimits(destination: SendDestination): WindowLimit[] {
    const prefix = this.prefixOf(destination.e164);
    const windowSeconds = this.config.OTP_VELOCITY_WINDOW_SECONDS;
    return [
      { name: 'organization', key: this.keys.key('otp', 'velocity', 'org', destination.organizationId), limit: this.config.OTP_ORG_VELOCITY_LIMIT, windowSeconds },
      { name: 'prefix', key: this.keys.key('otp', 'velocity', 'prefix', prefix), limit: this.config.OTP_PREFIX_VELOCITY_LIMIT, windowSeconds },
      this.numberLimit(destination),
    ];
  }

  private numberLimit(destination: SendDestination): WindowLimit {
    return {
      name: 'number',
      key: this.keys.key('otp', 'sends', 'number', destination.e164),
      limit: this.config.OTP_MAX_SENDS_PER_NUMBER,
      windowSeconds: this.config.OTP_SENDS_PER_NUMBER_WINDOW_SECONDS,
    };
  }

  private async take(limits: WindowLimit[], member: string): Promise<void> {
    const verdict = await this.windows.take(limits, member);
    if (verdict.ok) return;
    const seconds = retryAfterSeconds(verdict.retryAfterMs);
    const { name, limit, windowSeconds } = verdict.limit;
    if (name === 'number') {
      this.refuse(OtpErrorCode.TooManySends, `This number got ${limit} codes in the last ${windowSeconds} s; wait ${seconds} s.`, {
        retryAfterSeconds: seconds,
        limit,
        windowSeconds,
      });
    }
    this.refuse(OtpErrorCode.VelocityLimited, `Too many verifications per ${name}: at most ${limit} per ${windowSeconds} s; wait ${seconds} s.`, {
      retryAfterSeconds: seconds,
      limit,
      windowSeconds,
      scope: name,
    });
  }

  private refusePrefix(prefix: string, blockedMs: number, evidence: Record<string, number> = {}): never {
    const seconds = retryAfterSeconds(blockedMs);
    this.refuse(
      OtpErrorCode.PrefixBlocked,
      `Verifications to +${prefix.replace('-', ' ')}… are blocked for ${seconds} s: many were sent there and almost none verified (SMS pumping).`,
      { prefix: `+${prefix.replace('-', '')}`, retryAfterSeconds: seconds, ...evidence },
    );
  }

  private refuse(reason: OtpBlockReason, message: string, details: Record<string, unknown>): never {
    countBlocked(reason);
    throw new OtpError(reason, message, details);
  }
}
