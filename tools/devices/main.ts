import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DeviceFleet, loadFleetState, provisionDevices, saveFleetState, simOperatorFor } from '@zagel/device-simulator';

const USAGE = `npm run devices -- [--count 10] [--country EG] [--carrier Vodafone] [--fail-rate 0.05]
  [--fail-mode report|refuse] [--latency 50-300] [--delivered-after 1000] [--heartbeat 30]
  [--mcc 602 --mnc 02] [--api http://127.0.0.1:3000] [--gateway http://127.0.0.1:3001]
  [--state .zagel/devices.json] [--quiet]

Registers (or reuses, from the state file) phone-owner devices through the public API, connects them
to the device-gateway as simulated phones and prints every message they receive. Ctrl-C stops.`;

function latencyRange(text: string): { minMs: number; maxMs: number } {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!match) throw new Error(`--latency: expected MIN-MAX in ms, got ${text}`);
  const minMs = Number(match[1]);
  const maxMs = Number(match[2] ?? match[1]);
  if (maxMs < minMs) throw new Error('--latency: MAX is below MIN');
  return { minMs, maxMs };
}

function rate(text: string): number {
  const value = Number(text);
  if (!(value >= 0 && value <= 1)) throw new Error(`--fail-rate: expected 0..1, got ${text}`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '10' },
      country: { type: 'string', default: 'EG' },
      carrier: { type: 'string' },
      'fail-rate': { type: 'string', default: '0' },
      'fail-mode': { type: 'string', default: 'report' },
      latency: { type: 'string', default: '50-300' },
      'delivered-after': { type: 'string', default: '1000' },
      heartbeat: { type: 'string', default: '30' },
      mcc: { type: 'string' },
      mnc: { type: 'string' },
      api: { type: 'string', default: process.env.ZAGEL_API_URL ?? 'http://127.0.0.1:3000' },
      gateway: { type: 'string', default: process.env.ZAGEL_DEVICE_GATEWAY_URL ?? 'http://127.0.0.1:3001' },
      state: { type: 'string', default: '.zagel/devices.json' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 1) throw new Error(`--count: expected a positive integer, got ${values.count}`);
  const failureMode = values['fail-mode'];
  if (failureMode !== 'report' && failureMode !== 'refuse') throw new Error('--fail-mode: report or refuse');

  const statePath = resolve(values.state);
  const state = await loadFleetState(statePath);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  let credentials;
  try {
    credentials = await provisionDevices(state, { apiUrl: values.api, count, country: values.country, carrier: values.carrier }, log);
  } finally {
    await saveFleetState(statePath, state);
  }

  const known = simOperatorFor(values.country, values.carrier);
  const carrier = values.mcc && values.mnc ? { mcc: values.mcc, mnc: values.mnc, ...(values.carrier ? { name: values.carrier } : {}) } : known;
  const fleet = new DeviceFleet({
    gatewayUrl: values.gateway,
    latency: latencyRange(values.latency),
    failureRate: rate(values['fail-rate']),
    failureMode,
    deliveredAfterMs: Number(values['delivered-after']),
    heartbeatIntervalMs: Number(values.heartbeat) * 1_000,
    ...(carrier ? { carrier } : {}),
  });
  await fleet.connect(credentials);
  log(`${fleet.connectedCount} phone(s) connected to ${values.gateway} (${values.country}${values.carrier ? ` ${values.carrier}` : ''}); state in ${statePath}`);
  for (const phone of fleet.phones) {
    phone.on('message', (message: { messageId: string; to: string; body: string }) => {
      if (!values.quiet) log(`${phone.options.phoneNumber ?? phone.options.deviceId} ← ${message.messageId} to ${message.to}: ${message.body}`);
    });
    phone.on('disconnect-notice', (notice: { reason: string }) => log(`${phone.options.phoneNumber}: disconnected by the gateway (${notice.reason})`));
    phone.on('reconnect-notice', () => log(`${phone.options.phoneNumber}: gateway asked to reconnect`));
  }
  const stop = () => {
    fleet.close();
    log(`stopped; ${fleet.received().length} message(s) received`);
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`devices: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
