import { mkdirSync, openAsBlob, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { ServiceName } from '@zagel/config';
import { TestPlatform } from '@zagel/testing';
import {
  BenchReport,
  Cell,
  CostMeter,
  cpuSeconds,
  listOption,
  machineInfo,
  numberOption,
  pidsNamed,
  printBusTable,
  printTable,
  readCpu,
  readOption,
  readReport,
  TableWrites,
  writeReport,
} from '../common';
import { writeCampaignFile } from './campaign-file';
import { PeakMemory } from './process-memory';
import { ServiceCpu } from './service-cpu';
import { StatementSampler } from './statement-sampler';

/**
 * CSV campaigns end to end: a file of N rows uploaded through the gateway (streamed from disk,
 * chunked to ingestion, parsed, checked, COPYed, deduplicated, priced), then started unthrottled
 * until every recipient is handed out on the bulk lane and has its final status from the provider
 * simulator (promotional traffic goes to the bootstrapped simulator provider through pool-dispatcher
 * and provider-sender, delivery reports after 1 s), with the peak resident memory of the gateway and
 * ingestion for each size (flat in file size is the target):
 *   npm run bench:campaign -- [--sizes=100000,1000000] [--send-deadline-seconds=900] [--profile=dir] [--sample-sql=1]
 * Compared with the bare Postgres COPY figure of bench/results/baseline.json (npm run bench:baseline).
 * `--profile=<dir>` writes each service's CPU profile there (<instance>.cpuprofile, the last size's run).
 * While sending it prints PostgreSQL round trips and bus traffic per recipient, the rows written per
 * recipient by table, and with `--sample-sql=1` the statements the services' backends spend their time in.
 */

const SERVICES: readonly ServiceName[] = ['auth', 'billing', 'ingestion', 'api-gateway', 'pool-dispatcher', 'provider-sender'];
const HIGH_LIMIT = String(1_000_000_000);
/** The services at work while a campaign is sent. */
const SENDING = ['ingestion', 'provider-sender', 'pool-dispatcher', 'billing', 'api-gateway'] as const satisfies readonly ServiceName[];

interface Run {
  rows: number;
  acceptSeconds: number;
  /** CPU seconds each process spent while the file was accepted (postgres: every server process). */
  acceptCpu: Record<string, number>;
  accepted: number;
  handOutSeconds: number;
  /** From the start request until every accepted recipient had a final status (or the deadline). */
  finalSeconds: number;
  final: number;
  /** CPU seconds each process spent from the start request to the last final status. */
  sendCpu: Record<string, number>;
  /** Peak resident memory while the file was accepted, and while it was handed out. */
  acceptPeakMiB: Record<string, number>;
  sendPeakMiB: Record<string, number>;
}

interface CampaignProgress {
  out: number;
  final: number;
  /** CPU seconds each process spent from the start request to the last final status. */
  sendCpu: Record<string, number>;
}

async function runSize(platform: TestPlatform, rows: number, sendDeadlineSeconds: number, sampleSql: boolean): Promise<Run> {
  // Fresh processes: each size's peak is its own.
  await platform.instance('ingestion').restart();
  await platform.instance('api-gateway').restart();
  const customer = await platform.customer({ label: `campaign-bench-${rows}`, credit: 1_000_000_000, scopes: ['messages:send', 'messages:read'] });
  const path = await writeCampaignFile(rows);
  const processes = { 'api-gateway': platform.instance('api-gateway').pid!, ingestion: platform.instance('ingestion').pid! };
  let memory = new PeakMemory(processes).start();
  try {
    const form = new FormData();
    form.append('file', await openAsBlob(path, { type: 'text/csv' }), 'bench.csv');
    const cpuBefore = { gateway: cpuSeconds(processes['api-gateway']), ingestion: cpuSeconds(processes.ingestion), postgres: readCpu(pidsNamed('postgres')) };
    const started = process.hrtime.bigint();
    const campaign = (await customer.app.postForm('/v1/campaigns', form, { idempotencyKey: null })).expectStatus(201);
    const acceptSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const postgresAfter = readCpu(pidsNamed('postgres'));
    const postgresCpu = [...postgresAfter].reduce((sum, [pid, seconds]) => sum + (Number.isNaN(seconds) ? 0 : seconds - (cpuBefore.postgres.get(pid) ?? 0)), 0);
    const acceptCpu = {
      'api-gateway': cpuSeconds(processes['api-gateway']) - cpuBefore.gateway,
      ingestion: cpuSeconds(processes.ingestion) - cpuBefore.ingestion,
      postgres: postgresCpu,
    };
    const cpuText = Object.entries(acceptCpu).map(([name, seconds]) => `${name} ${((seconds * 1e6) / rows).toFixed(1)}`).join(', ');
    process.stdout.write(`${rows} rows accepted in ${acceptSeconds.toFixed(2)} s (CPU µs per row: ${cpuText}); sending… `);
    const acceptPeakMiB = memory.stop();
    memory = new PeakMemory(processes).start();

    const sendCpu = await ServiceCpu.start(
      Object.fromEntries(SENDING.map((name) => [name, platform.instance(name).pid!])),
      platform.namespace.settings.DATABASE_URL,
    );
    // Counters only (round trips, bus traffic): the CPU is ServiceCpu's.
    const counters = new CostMeter({
      processes: SENDING.map((name) => ({ name, pid: platform.instance(name).pid!, url: platform.url(name) })),
      servers: [],
    });
    const countersBefore = await counters.read();
    const writes = await TableWrites.start(platform.namespace.settings.DATABASE_URL, platform.namespace.name);
    const sampler = sampleSql
      ? await StatementSampler.start(platform.namespace.settings.DATABASE_URL, Object.fromEntries(SENDING.map((name) => [name, platform.instance(name).pid!])))
      : undefined;
    const sendStarted = process.hrtime.bigint();
    const sinceStart = () => Number(process.hrtime.bigint() - sendStarted) / 1e9;
    (await customer.app.post(`/v1/campaigns/${campaign.id}/start`)).expectStatus(200);
    const db = platform.db('ingestion');
    // The campaign's own counters, kept as each recipient's status arrives: final ones are the last five.
    const progress = async () =>
      (await db.one<CampaignProgress>(
        `SELECT next_position - 1 AS out, (delivered + failed + undelivered + canceled + expired)::int AS final FROM campaigns WHERE id = $1`,
        [campaign.id],
      ))!;
    let handOutSeconds = Number.NaN;
    let last = await progress();
    while (last.final < campaign.totals.accepted && sinceStart() < sendDeadlineSeconds) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      last = await progress();
      if (Number.isNaN(handOutSeconds) && last.out >= campaign.totals.accepted) {
        handOutSeconds = sinceStart();
        process.stdout.write(`handed out in ${handOutSeconds.toFixed(2)} s; `);
      }
    }
    const finalSeconds = sinceStart();
    const sendCpuSeconds = await sendCpu.used();
    const statements = await sampler?.stop();
    const sendCpuText = Object.entries(sendCpuSeconds)
      .map(([name, seconds]) => `${name} ${((seconds * 1e6) / Math.max(1, last.final)).toFixed(0)}`)
      .join(', ');
    const load = loadavg().map((value) => value.toFixed(2)).join(', ');
    console.log(`${last.final.toLocaleString('en-US')} of ${campaign.totals.accepted.toLocaleString('en-US')} final in ${finalSeconds.toFixed(2)} s (load average ${load})`);
    console.log(`  sending, CPU µs per recipient: ${sendCpuText}`);
    const perRecipient = Math.max(1, last.final);
    const costs = await counters.between(countersBefore, await counters.read());
    const roundTrips = costs.processes.map((cost) => `${cost.name} ${((cost.counters?.dbRoundTrips ?? 0) / perRecipient).toFixed(3)}`).join(', ');
    console.log(`  sending, PostgreSQL round trips per recipient: ${roundTrips}`);
    printBusTable(costs, perRecipient, 'recipient');
    printTable(['table (rows per recipient)', 'inserted', 'updated', 'of which HOT', 'deleted'], await writes.rowsPer(perRecipient));
    if (statements) printTable(['share of active samples', 'service', 'waiting on', 'statement'], statements);
    return {
      rows,
      acceptSeconds,
      acceptCpu,
      accepted: campaign.totals.accepted,
      handOutSeconds,
      finalSeconds,
      final: last.final,
      sendCpu: sendCpuSeconds,
      acceptPeakMiB,
      sendPeakMiB: memory.stop(),
    };
  } finally {
    memory.stop();
    rmSync(path, { force: true });
  }
}

async function main(): Promise<void> {
  const sizes = listOption('sizes', ['100000', '1000000']).map(Number);
  const sendDeadlineSeconds = numberOption('send-deadline-seconds', 900);
  const profileDirectory = readOption('profile');
  const sampleSql = readOption('sample-sql') !== undefined;
  if (profileDirectory) mkdirSync(profileDirectory, { recursive: true });
  const machine = machineInfo();
  console.log(`CSV campaigns on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}\n`);
  const platform = new TestPlatform({
    services: SERVICES,
    settings: {
      LOG_LEVEL: 'warn',
      ...(profileDirectory
        ? { NODE_OPTIONS: `--require ${join(__dirname, '../otp/profile-preload.js')}`, BENCH_PROFILE_DIR: resolve(profileDirectory) }
        : {}),
      RATE_LIMIT_PER_KEY_PER_MINUTE: HIGH_LIMIT,
      RATE_LIMIT_PER_ORG_PER_MINUTE: HIGH_LIMIT,
      RATE_LIMIT_PER_IP_PER_MINUTE: HIGH_LIMIT,
    },
  });
  const runs: Run[] = [];
  try {
    await platform.start();
    for (const size of sizes) runs.push(await runSize(platform, size, sendDeadlineSeconds, sampleSql));
  } finally {
    await platform.stop();
  }
  const copy = readReport<{ postgres?: { rowsPerSec: number } }>('baseline')?.results.postgres;
  const rows: Cell[][] = runs.map((run) => {
    const perSec = Math.round(run.rows / run.acceptSeconds);
    return [
      `${run.rows.toLocaleString('en-US')} rows`,
      run.acceptSeconds.toFixed(2),
      perSec,
      copy ? (perSec / copy.rowsPerSec).toFixed(3) : 'n/a',
      run.handOutSeconds.toFixed(2),
      Math.round(run.accepted / run.handOutSeconds),
      run.final < run.accepted ? `${run.final}/${run.accepted} by ${run.finalSeconds.toFixed(0)}` : run.finalSeconds.toFixed(2),
      Math.round(run.final / run.finalSeconds),
      Math.round(run.acceptPeakMiB['api-gateway'] ?? 0),
      Math.round(run.acceptPeakMiB.ingestion ?? 0),
      Math.round(run.sendPeakMiB['api-gateway'] ?? 0),
      Math.round(run.sendPeakMiB.ingestion ?? 0),
    ];
  });
  printTable(
    [
      'file',
      'accept s',
      'rows/s',
      'ratio to COPY',
      'hand-out s',
      'recipients/s',
      'all final s',
      'final/s',
      'gateway peak MiB (accept)',
      'ingestion peak MiB (accept)',
      'gateway peak MiB (send)',
      'ingestion peak MiB (send)',
    ],
    rows,
  );
  if (runs.length >= 2) {
    const [small, large] = [runs[0], runs[runs.length - 1]];
    for (const service of ['api-gateway', 'ingestion']) {
      const ratio = (peaks: (run: Run) => Record<string, number>) => (peaks(large)[service] / peaks(small)[service]).toFixed(2);
      console.log(
        `${service}: peak RSS ${large.rows.toLocaleString('en-US')} rows / ${small.rows.toLocaleString('en-US')} rows = ${ratio((run) => run.acceptPeakMiB)} accepting, ${ratio((run) => run.sendPeakMiB)} sending`,
      );
    }
  }
  const report: BenchReport = { bench: 'campaign', date: new Date().toISOString(), machine, options: { sizes }, results: { runs, copyRowsPerSec: copy?.rowsPerSec ?? null } };
  console.log(`\nwritten to ${writeReport(report)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
