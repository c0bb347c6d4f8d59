import { Inject, Injectable } from '@nestjs/common';
import { OtpBlockReason, OtpErrorCode } from '@zagel/contracts';
import { RedisKeys } from '@zagel/redis';
import { OtpConfig } from '../config';
import { OtpError } from '../shared/otp-error';
import { destinationPrefix, retryAfterSeconds, WindowLimit } from './fraud-rules';
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

  async takeResendSlot(destination: SendDestination, messageId: string): Promise<void> {
    await this.take([this.numberLimit(destination)], messageId);
  }

  async releaseResendSlot(destination: SendDestination, messageId: string): Promise<void> {
    await this.windows.giveBack([this.numberLimit(destination).key], messageId);
  }

  refuseCooldown(retryAfterMs: number): never {
    const seconds = retryAfterSeconds(retryAfterMs);
    this.refuse(OtpErrorCode.ResendCooldown, `Wait ${seconds} s before sending this code again.`, { retryAfterSeconds: seconds });
  }

  /** The redis key of one of a prefix's records (`prefix-blocked`, `prefix-started`, `prefix-approved`). */
  prefixKey(record: 'prefix-blocked' | 'prefix-started' | 'prefix-approved', prefix: string): string {
    return this.keys.key('otp', record, prefix);
  }

  /** The windows a start takes a slot in: the organization's, the prefix's and the number's. */
  startLimits(destination: SendDestination): WindowLimit[] {
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
    this.refuseWindow(verdict.limit, verdict.retryAfterMs);
  }

  /** The refusal for a full window: `too_many_sends` for the number's, `velocity_limited` for the others. */
  refuseWindow(window: WindowLimit, retryAfterMs: number): never {
    const seconds = retryAfterSeconds(retryAfterMs);
    const { name, limit, windowSeconds } = window;
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

  refusePrefix(prefix: string, blockedMs: number, evidence: Record<string, number> = {}): never {
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
