import { numberOption, readOption } from '../../common';
import { OtpPathOptions } from './measure';

/** The otp-path section's flags (also BENCH_OTP_PATH_*), for `bench:baseline` and `bench:otp --with-baseline`. */
export function otpPathOptions(amqpUrl: string, redisUrl: string): OtpPathOptions {
  const moderate = readOption('otp-path-rate');
  return {
    amqpUrl,
    redisUrl,
    phones: numberOption('otp-path-phones', 200),
    prefetch: numberOption('otp-path-prefetch', 100),
    stepSeconds: numberOption('otp-path-seconds', 5),
    startRate: numberOption('otp-path-start', 250),
    maxRate: numberOption('otp-path-max', 16_000),
    p50LimitMs: numberOption('otp-path-p50-limit', 20),
    p99LimitMs: numberOption('otp-path-p99-limit', 200),
    moderateRate: moderate ? numberOption('otp-path-rate', 100) : undefined,
    moderateSeconds: numberOption('otp-path-moderate-seconds', 10),
  };
}
