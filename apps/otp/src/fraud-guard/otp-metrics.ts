import { Counter, register } from 'prom-client';
import { OtpBlockReason } from '@zagel/contracts';

function counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
  return (register.getSingleMetric(name) as Counter<L> | undefined) ?? new Counter({ name, help, labelNames });
}

/** Sends the fraud guard refused, by reason (`velocity_limited`, `prefix_blocked`, `country_not_allowed`, ...). */
export const otpBlocked = counter('zagel_otp_blocked_total', 'Verification sends refused by the fraud guard', ['reason'] as const);

/** Verifications reaching a final status (approved, canceled, expired, max_attempts_reached). */
export const otpOutcomes = counter('zagel_otp_verifications_total', 'Verifications by final status', ['status'] as const);

export function countBlocked(reason: OtpBlockReason): void {
  otpBlocked.inc({ reason });
}
