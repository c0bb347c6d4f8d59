import { randomUUID } from 'node:crypto';
import { BillingClient } from '@zagel/billing-client';
import { AdjustCredits, MAX_BATCH_RECIPIENTS, Ping } from '@zagel/contracts';
import { BusClient } from '@zagel/messaging';
import { TestPlatform } from '@zagel/testing';
import { allowanceSpends } from './allowance';
import { oneWalletCaptureRpcs, oneWalletStatusBatches, oneWalletStatusEvents } from './settlement';
import { BenchReport, Cell, LatencySummary, machineInfo, nowMs, numberOption, perSecond, printTable, summarizeLatencies, timed, writeReport } from '../common';

/**
 * Reservations through the bus, as senders make them:
 *   npm run bench:billing -- [--reservations=5000] [--concurrency=64] [--samples=500] [--instances=1] [--batch=500] [--settlements=5000]
 * Billing runs as processes from the build in a fresh namespace (LOG_LEVEL=warn); this process is a
 * bus client. It measures reserve RPCs per second with `concurrency` calls in flight (each its own
 * reference, one wallet: the worst case, every call contends for one row), p50/p99 of a single
 * reserve with nothing else running, captures spread over 50 organizations, reserve-many in
 * batches, one wallet's settlements (capture RPCs, `message.status` events, `message.status.batch`
 * events of 500: all settled by billing's per-wallet group commit), prepaid-allowance spends (one
 * EVALSHA each, against Redis PINGs on the same connection) and, as the bare figure on the same
 * machine and bus, `system.ping` RPCs (a round trip plus billing's readiness checks).
 */

const CLIENT = 'bench-billing-client';
const round = (value: number) => Math.round(value * 1000) / 1000;

async function inFlight(total: number, concurrency: number, call: (index: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  let failed = 0;
  const worker = async () => {
    while (next < total) {
      const index = next++;
      await call(index).catch(() => (failed += 1));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return failed;
}

async function sequentialLatencies(samples: number, call: () => Promise<unknown>): Promise<LatencySummary> {
  const latencies: number[] = [];
  for (let index = 0; index < samples; index++) {
    const started = nowMs();
    await call();
    latencies.push(nowMs() - started);
  }
  return summarizeLatencies(latencies);
}

async function main(): Promise<void> {
  const options = {
    reservations: numberOption('reservations', 5_000),
    concurrency: numberOption('concurrency', 64),
    samples: numberOption('samples', 500),
    instances: numberOption('instances', 1),
    batch: numberOption('batch', 500),
    settlements: numberOption('settlements', 5_000),
  };
  const machine = machineInfo();
  console.log(`Billing reservations on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}`);
  console.log(`${options.instances} billing instance(s), ${options.concurrency} reserve RPCs in flight\n`);

  const platform = new TestPlatform({
    services: ['billing'],
    replicas: { billing: options.instances },
    settings: { LOG_LEVEL: 'warn', BILLING_LOW_BALANCE_THRESHOLD: '0' },
  });
  try {
    await platform.start();
    const client = await platform.probe({ service: CLIENT });
    const billing = new BillingClient(new BusClient(client.bus, 'billing'), { timeoutMs: 30_000, bulkTimeoutMs: 60_000 });
    const organizationId = randomUUID();
    const total = options.reservations + options.samples + 1_000 + options.reservations;
    await client.rpc.call(AdjustCredits, 'billing', { organizationId, operatorId: randomUUID(), amount: total * 10, reason: 'bench funding' });
    const reserve = () => billing.reserve({ organizationId, amount: 6, reference: randomUUID() });
    const ping = () => client.rpc.call(Ping, 'billing', { sentAt: new Date().toISOString() }, { timeoutMs: 30_000 });

    await inFlight(500, options.concurrency, reserve); // warm-up: JIT, pools, plans
    await inFlight(500, options.concurrency, ping);

    const pings = await timed(() => inFlight(options.reservations, options.concurrency, ping));
    const reserves = await timed(() => inFlight(options.reservations, options.concurrency, reserve));
    const batches = Math.ceil(options.reservations / options.batch);
    const many = await timed(() =>
      inFlight(batches, Math.min(4, batches), () =>
        billing.reserveMany({ organizationId, items: Array.from({ length: options.batch }, () => ({ reference: randomUUID(), amount: 1 })) }),
      ),
    );
    // Captures spread over many organizations: they share the revenue account, which must not serialize them.
    const organizations = Array.from({ length: 50 }, () => randomUUID());
    const perOrganization = Math.ceil(options.reservations / organizations.length);
    const toCapture: { organizationId: string; reference: string }[] = [];
    for (const owner of organizations) {
      await client.rpc.call(AdjustCredits, 'billing', { organizationId: owner, operatorId: randomUUID(), amount: perOrganization * 6, reason: 'bench funding' });
      const items = Array.from({ length: perOrganization }, () => ({ reference: randomUUID(), amount: 6 }));
      await billing.reserveMany({ organizationId: owner, items });
      toCapture.push(...items.map((item) => ({ organizationId: owner, reference: item.reference })));
    }
    // Interleaved, so the calls in flight belong to different organizations (one wallet's captures queue on its row).
    toCapture.sort((a, b) => a.reference.localeCompare(b.reference));
    const captures = await timed(() =>
      inFlight(toCapture.length, options.concurrency, (index) => billing.capture(toCapture[index])),
    );

    const settlementBench = { billing, probe: client, db: platform.db('billing'), inFlight };
    const walletCaptures = await oneWalletCaptureRpcs(settlementBench, options.settlements, options.concurrency);
    const walletEvents = await oneWalletStatusEvents(settlementBench, options.settlements, options.concurrency);
    const walletBatches = await oneWalletStatusBatches(settlementBench, options.settlements);
    const allowance = await allowanceSpends(platform, client, options.settlements * 2, options.concurrency);

    const pingLatency = await sequentialLatencies(options.samples, ping);
    const reserveLatency = await sequentialLatencies(options.samples, reserve);

    const results = {
      reservePerSecond: Math.round(perSecond(options.reservations, reserves.seconds)),
      reserveFailures: reserves.result,
      reserveManyItemsPerSecond: Math.round(perSecond(batches * options.batch, many.seconds)),
      reserveManyFailures: many.result,
      capturePerSecond: Math.round(perSecond(toCapture.length, captures.seconds)),
      captureFailures: captures.result,
      oneWalletCapturePerSecond: walletCaptures.perSecond,
      oneWalletStatusEventsPerSecond: walletEvents.perSecond,
      oneWalletStatusBatchItemsPerSecond: walletBatches.perSecond,
      settlementFailures: walletCaptures.failures + walletEvents.failures + walletBatches.failures,
      allowance,
      pingPerSecond: Math.round(perSecond(options.reservations, pings.seconds)),
      reserveLatencyMs: { p50: round(reserveLatency.p50), p99: round(reserveLatency.p99), max: round(reserveLatency.max) },
      pingLatencyMs: { p50: round(pingLatency.p50), p99: round(pingLatency.p99), max: round(pingLatency.max) },
      ratios: {
        reservePerSecondToPing: round(perSecond(options.reservations, reserves.seconds) / perSecond(options.reservations, pings.seconds)),
        reserveP50ToPing: round(reserveLatency.p50 / pingLatency.p50),
        reserveP99ToPing: round(reserveLatency.p99 / pingLatency.p99),
      },
    };
    const rows: Cell[][] = [
      ['system.ping RPC (bare bus round trip)', results.pingPerSecond, results.pingLatencyMs.p50, results.pingLatencyMs.p99, '1', ''],
      [
        'billing.reserve RPC (one wallet)',
        results.reservePerSecond,
        results.reserveLatencyMs.p50,
        results.reserveLatencyMs.p99,
        results.ratios.reservePerSecondToPing.toFixed(3),
        results.reserveFailures ? `${results.reserveFailures} failed` : '',
      ],
      [
        'billing.capture RPC (50 organizations)',
        results.capturePerSecond,
        'n/a',
        'n/a',
        round(results.capturePerSecond / results.pingPerSecond).toFixed(3),
        results.captureFailures ? `${results.captureFailures} failed` : '',
      ],
      ...(
        [
          ['billing.capture RPC (one wallet)', walletCaptures],
          ['message.status sent → captured (one wallet)', walletEvents],
          [`message.status.batch (${MAX_BATCH_RECIPIENTS} items) → captured (one wallet), items`, walletBatches],
        ] as const
      ).map(([figure, rate]): Cell[] => [
        figure,
        rate.perSecond,
        'n/a',
        'n/a',
        round(rate.perSecond / results.pingPerSecond).toFixed(3),
        rate.failures ? `${rate.failures} failed` : '',
      ]),
      ['redis PING, one connection (bare)', allowance.pingPerSecond, 'n/a', 'n/a', '', ''],
      [
        'PrepaidAllowance.spend (one EVALSHA), one organization',
        allowance.spendPerSecond,
        'n/a',
        'n/a',
        `${round(allowance.spendPerSecond / allowance.pingPerSecond).toFixed(3)} of PING`,
        allowance.exact ? '' : 'captured ≠ spent',
      ],
      [`billing.reserve-many (${options.batch} per call), items`, results.reserveManyItemsPerSecond, 'n/a', 'n/a', 'n/a', results.reserveManyFailures ? `${results.reserveManyFailures} failed` : ''],
    ];
    printTable(['', 'per s', 'p50 ms', 'p99 ms', 'per s ÷ ping', 'failures'], rows);
    const report: BenchReport = { bench: 'billing', date: new Date().toISOString(), machine, options, results };
    console.log(`\nwritten to ${writeReport(report)}`);
    if (results.reserveFailures + results.reserveManyFailures + results.captureFailures + results.settlementFailures > 0 || !allowance.exact) throw new Error('some reservations failed: the figures above are not a clean run');
  } finally {
    await platform.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
