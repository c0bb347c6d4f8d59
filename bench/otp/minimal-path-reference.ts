import { PlatformConfig } from '@zagel/config';
import { readReport } from '../common';
import { BaselineResults, redact, saveBaseline } from '../baseline/baseline-report';
import { measureOtpPath, OtpPathResult } from '../baseline/otp-path/measure';
import { otpPathOptions } from '../baseline/otp-path/options';

export interface MinimalPathReference {
  result?: OtpPathResult;
  /** Measured by this run (`--with-baseline`), not read from an earlier one. */
  measuredNow: boolean;
}

/** How old a measurement is, in words. */
function age(iso: string): string {
  const minutes = (Date.now() - Date.parse(iso)) / 60_000;
  if (minutes < 90) return `${Math.round(minutes)} min ago`;
  return `${(minutes / 60).toFixed(1)} h ago`;
}

/** The provenance of the bare limits, said once under the table. */
export function describeReference(reference: MinimalPathReference): string {
  const { result } = reference;
  if (!result) {
    return 'no minimal OTP path in bench/results/baseline.json: run `npm run bench:baseline -- --only=otp-path` or this bench with --with-baseline';
  }
  const when = reference.measuredNow
    ? 'measured by this run'
    : `measured ${age(result.measuredAt)}, not by this run (--with-baseline measures it first)`;
  return `bare limits: the minimal OTP path (bench:baseline otp-path), ${when}; load average then ${result.loadAverage.before.join(' ')}`;
}

/** The minimal OTP path to compare with: measured now (`--with-baseline`, saved to baseline.json) or read from it. */
export async function minimalPathReference(measureNow: boolean): Promise<MinimalPathReference> {
  if (!measureNow) return { result: readReport<BaselineResults>('baseline')?.results['otp-path'], measuredNow: false };
  const defaults = new PlatformConfig();
  const options = otpPathOptions(process.env.RABBITMQ_URL || defaults.RABBITMQ_URL, process.env.REDIS_URL || defaults.REDIS_URL);
  process.stdout.write('minimal OTP path (bench:baseline otp-path)…');
  const result: OtpPathResult = await measureOtpPath(options, (line) => process.stdout.write(`\n  ${line}`));
  saveBaseline({ 'otp-path': result }, { otpPath: { ...options, amqpUrl: redact(options.amqpUrl), redisUrl: redact(options.redisUrl) } });
  console.log(`\n  saturation ${result.saturationPerSec}/s, saved to bench/results/baseline.json\n`);
  return { result, measuredNow: true };
}
