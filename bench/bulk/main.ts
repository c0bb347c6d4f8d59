import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ServiceName } from '@zagel/config';
import { TestPlatform } from '@zagel/testing';
import {
  BenchReport,
  CostMeter,
  machineInfo,
  numberOption,
  printBusTable,
  printCostTable,
  printTable,
  PRODUCTION_TIMINGS,
  readOption,
  readReport,
  TableWrites,
  writeReport,
} from '../common';
import { BulkLane } from '../isolation/bulk-lane';

/**
 * Bulk messages to their final status through the providers, with what each process spends per message:
 *   npm run bench:bulk -- [--batches=3] [--size=10000] [--deadline-seconds=60] [--bare=21000] [--profile=dir]
 * Every service the bulk path crosses runs from the build (no phones: promotional traffic goes to the
 * bootstrapped simulator provider, delivery reports after 1 s). `--batches` batches of `--size` are
 * posted one after the other to `POST /v1/messages/batch`; the window ends when every accepted
 * message is final and the bus is quiet. The rate is a ratio to bare RabbitMQ end to end
 * (`--bare`, else bench/results/baseline.json); the cost table (CPU ms, PostgreSQL round trips, bus traffic per
 * message and process) does not depend on what else the machine runs.
 * `--profile=<dir>` writes each service's CPU profile there (<instance>.cpuprofile).
 */

const SERVICES: readonly ServiceName[] = ['auth', 'api-gateway', 'billing', 'ingestion', 'pool-dispatcher', 'provider-sender'];
const HUGE = '1000000000';

async function main(): Promise<void> {
  const options = { batches: numberOption('batches', 3), size: numberOption('size', 10_000), deadlineSeconds: numberOption('deadline-seconds', 60) };
  const machine = machineInfo();
  console.log(`Bulk to final status on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}\n`);
  const profileDirectory = readOption('profile');
  if (profileDirectory) mkdirSync(profileDirectory, { recursive: true });
  const platform = new TestPlatform({
    services: SERVICES,
    settings: {
      LOG_LEVEL: 'warn',
      ...PRODUCTION_TIMINGS,
      ...(profileDirectory
        ? { NODE_OPTIONS: `--require ${join(__dirname, '../otp/profile-preload.js')}`, BENCH_PROFILE_DIR: resolve(profileDirectory) }
        : {}),
      RATE_LIMIT_PER_KEY_PER_MINUTE: HUGE,
      RATE_LIMIT_PER_ORG_PER_MINUTE: HUGE,
      RATE_LIMIT_PER_IP_PER_MINUTE: HUGE,
    },
  });
  try {
    await platform.start();
    const given = readOption('bare');
    const bare = given ? Number(given) : readReport<{ rabbitmq?: { endToEndPerSec: number } }>('baseline')?.results.rabbitmq?.endToEndPerSec;
    const sender = await platform.customer({ label: 'bulk-bench', credit: 1_000_000_000, scopes: ['messages:send'] });
    const bulk = new BulkLane(sender.app);
    await platform.probe({ service: 'bulk-bench', plays: bulk.plays });
    process.stdout.write('warm-up… ');
    await bulk.run(1, 500, 30, -1);
    console.log('done');

    const meter = new CostMeter({
      processes: [
        ...SERVICES.map((service) => ({ name: service, pid: platform.instance(service).pid ?? -1, url: platform.url(service) })),
        { name: 'bench (client)', pid: process.pid },
      ],
      databaseUrl: platform.namespace.settings.DATABASE_URL,
    });
    const before = await meter.settle();
    const writes = await TableWrites.start(platform.namespace.settings.DATABASE_URL, platform.namespace.name);
    process.stdout.write(`${options.batches} × ${options.size.toLocaleString('en-US')} messages… `);
    const run = await bulk.run(options.batches, options.size, options.deadlineSeconds);
    const costs = await meter.between(before, await meter.settle());
    // The statistics collector reports a backend's counts when its transaction ends, at most once a second.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    console.log(`${run.final.toLocaleString('en-US')} of ${run.accepted.toLocaleString('en-US')} final in ${run.seconds.toFixed(1)} s\n`);

    printTable(
      ['figure', 'value', 'bare RabbitMQ e2e/s', 'ratio'],
      [
        ['accept s per batch (max)', Math.max(...run.acceptSeconds).toFixed(2), '', ''],
        ['accept s per batch (each)', run.acceptSeconds.map((seconds) => seconds.toFixed(2)).join(', '), '', ''],
        ['final statuses/s', Math.round(run.finalPerSec), bare ?? 'n/a', bare ? (run.finalPerSec / bare).toFixed(3) : 'n/a'],
      ],
    );
    console.log(`\nCost per bulk message (${costs.seconds.toFixed(1)} s window, until the bus was quiet):`);
    printCostTable(costs, Math.max(1, run.accepted) / 1_000, '1k msgs');
    console.log('\nBus traffic per 1,000 bulk messages:');
    printBusTable(costs, Math.max(1, run.accepted) / 1_000, '1k msgs');
    console.log('\nRows written per 1,000 bulk messages (pg_stat_user_tables):');
    printTable(['table', 'inserted', 'updated', 'of which HOT', 'deleted'], await writes.rowsPer(Math.max(1, run.accepted) / 1_000));
    const report: BenchReport = { bench: 'bulk', date: new Date().toISOString(), machine, options, results: { run, bareRabbitEndToEndPerSec: bare } };
    console.log(`\nwritten to ${writeReport(report)}`);
  } finally {
    await platform.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
