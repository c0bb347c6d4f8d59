import { ServiceName } from '@zagel/config';
import { ListProviderAccounts, MessageStatusChanged, UpdateProviderAccount } from '@zagel/contracts';
import { TestPlatform } from '@zagel/testing';
import { BenchReport, machineInfo, numberOption, pacedLoop, printTable, summarizeLatencies, writeReport } from '../common';

/**
 * A message's whole life through the provider route: `POST /v1/messages` accepted (202) → routed by
 * the pool-dispatcher → provider-sender → the simulator provider → its delivery report → `delivered`:
 *   npm run bench:message-delivery -- [--rate=100] [--seconds=10]
 * Every service but the device-gateway runs as a process in a fresh namespace; the simulator
 * provider is set to answer at once and report delivery at once, so the figures are the platform's
 * own. The bench listens to `message.status` on the bus, so one clock times both ends.
 */

const SERVICES: readonly ServiceName[] = ['auth', 'billing', 'ingestion', 'api-gateway', 'pool-dispatcher', 'provider-sender'];
const CLIENT = 'bench-delivery';
const HIGH_LIMIT = String(1_000_000_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const options = { rate: numberOption('rate', 100), seconds: numberOption('seconds', 10) };
  const machine = machineInfo();
  console.log(`Accept → delivered through the simulator provider on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}`);
  console.log(`${options.rate} messages/s for ${options.seconds} s\n`);

  const platform = new TestPlatform({
    services: SERVICES,
    settings: {
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_KEY_PER_MINUTE: HIGH_LIMIT,
      RATE_LIMIT_PER_ORG_PER_MINUTE: HIGH_LIMIT,
      RATE_LIMIT_PER_IP_PER_MINUTE: HIGH_LIMIT,
      PROVIDER_CONFIG_CACHE_MS: '200',
    },
  });
  const acceptedAt = new Map<string, number>();
  const toSent: number[] = [];
  const toDelivered: number[] = [];
  const apiLatency: number[] = [];
  let sent = 0;
  let elapsedSeconds = 0;
  try {
    await platform.start();
    const client = await platform.probe({
      service: CLIENT,
      plays: (bus) =>
        bus.onEvent(MessageStatusChanged, (event) => {
          const accepted = acceptedAt.get(event.messageId);
          if (accepted === undefined) return;
          if (event.status === 'sent') toSent.push(performance.now() - accepted);
          if (event.status === 'delivered') toDelivered.push(performance.now() - accepted);
        }),
    });
    const { items } = await client.rpc.call(ListProviderAccounts, 'provider-sender', {}, { timeoutMs: 10_000 });
    for (const account of items.filter((candidate) => candidate.kind === 'simulator')) {
      await client.rpc.call(UpdateProviderAccount, 'provider-sender', { id: account.id, settings: { latencyMs: 0, reportDelayMs: 0 } }, { timeoutMs: 10_000 });
    }
    const customer = await platform.customer({ label: 'delivery-bench', credit: 1_000_000_000, scopes: ['messages:send'] });
    await sleep(500);

    const total = Math.round(options.rate * options.seconds);
    elapsedSeconds = await pacedLoop(options.rate, total, async (index) => {
      const started = performance.now();
      // No Idempotency-Key: the figures stay comparable with earlier runs, which sent none.
      const message = (
        await customer.app.post(
          '/v1/messages',
          { to: `+1415555${String(index % 10_000).padStart(4, '0')}`, body: `Your order ${index} has shipped. Track it in the app.`, type: 'transactional', route: 'providers' },
          { idempotencyKey: null },
        )
      ).body;
      const accepted = performance.now();
      apiLatency.push(accepted - started);
      acceptedAt.set(message.id, accepted);
      sent += 1;
    });
    const deadline = Date.now() + 60_000;
    while (toDelivered.length < sent && Date.now() < deadline) await sleep(100);
  } finally {
    await platform.stop();
  }

  const api = summarizeLatencies(apiLatency);
  const sentLatency = summarizeLatencies(toSent);
  const delivered = summarizeLatencies(toDelivered);
  printTable(
    ['path', 'count', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'],
    [
      ['POST /v1/messages → 202', api.count, api.p50, api.p90, api.p99, api.max],
      ['202 → sent (provider accepted)', sentLatency.count, sentLatency.p50, sentLatency.p90, sentLatency.p99, sentLatency.max],
      ['202 → delivered (report applied)', delivered.count, delivered.p50, delivered.p90, delivered.p99, delivered.max],
    ],
  );
  console.log(`\naccepted ${sent} at ${(sent / elapsedSeconds).toFixed(0)}/s; ${toDelivered.length} delivered`);
  const results = { accepted: sent, acceptedPerSec: sent / elapsedSeconds, apiMs: api, toSentMs: sentLatency, toDeliveredMs: delivered, undelivered: sent - toDelivered.length };
  const report: BenchReport = { bench: 'message-delivery', date: new Date().toISOString(), machine, options, results };
  console.log(`written to ${writeReport(report)}`);
  if (results.undelivered > 0) throw new Error(`${results.undelivered} message(s) were not delivered within a minute`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
