import { parseArgs } from 'node:util';
import { cpus, loadavg } from 'node:os';
import { SERVICE_NAMES, ServiceName } from '@zagel/config';
import { formatChaosReport, runChaos } from '@zagel/testing';

/**
 * Chaos that loses nothing: boots the whole platform, runs a campaign plus a steady OTP load, kills each
 * service in turn (SIGKILL + restart), drops every broker connection of the platform, crashes and
 * restarts a private Redis, then checks that nothing was lost, doubled or left behind.
 *   npm run chaos -- [--recipients=100000] [--rate=500] [--otp-per-second=3] [--kills=ingestion,billing] [--no-broker] [--no-redis]
 * Exits 1 when a check fails.
 */

const USAGE = `npm run chaos -- [--recipients=100000] [--rate=<recipients per second>] [--otp-per-second=3] [--kills=a,b] [--phones=4] [--no-broker] [--no-redis]`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      recipients: { type: 'string', default: '100000' },
      rate: { type: 'string' },
      'otp-per-second': { type: 'string', default: '3' },
      kills: { type: 'string' },
      phones: { type: 'string', default: '4' },
      'no-broker': { type: 'boolean', default: false },
      'no-redis': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const recipients = Number(values.recipients);
  const kills = (values.kills?.split(',').filter(Boolean) ?? SERVICE_NAMES) as ServiceName[];
  const unknown = kills.filter((service) => !SERVICE_NAMES.includes(service));
  if (!Number.isInteger(recipients) || recipients < 1 || unknown.length > 0) {
    process.stderr.write(`${unknown.length > 0 ? `unknown services: ${unknown.join(', ')}\n` : ''}${USAGE}\n`);
    return 2;
  }
  // Spread over about three minutes by default: the campaign is still sending while each service dies.
  const rate = Number(values.rate ?? Math.max(50, Math.min(100_000, Math.ceil(recipients / 180))));
  process.stdout.write(`chaos: ${recipients} recipients at ${rate}/s, ${values['otp-per-second']} OTP/s, on ${cpus().length} CPUs (load ${loadavg().map((load) => load.toFixed(2)).join(' ')})\n`);
  const report = await runChaos({
    recipients,
    ratePerSecond: rate,
    otpPerSecond: Number(values['otp-per-second']),
    kills,
    phones: Number(values.phones),
    dropBroker: !values['no-broker'],
    restartRedis: !values['no-redis'],
    log: (line) => process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`),
  });
  process.stdout.write(`\n${formatChaosReport(report)}`);
  return report.problems.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
