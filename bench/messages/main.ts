import { ServiceName } from '@zagel/config';
import { TestPlatform } from '@zagel/testing';
import { BenchReport, Cell, machineInfo, numberOption, printTable, readReport, writeReport } from '../common';

/**
 * The batch endpoint's throughput: messages accepted per second for 10,000-item batches, end to end
 * (gateway validation, RPC to ingestion, per-item validation and normalization, quotes and one
 * ReserveMany through billing, rows, history and outbox written in bulk):
 *   npm run bench:messages -- [--batches=5] [--size=10000] [--concurrency=1]
 * Compared with the bare Postgres COPY figure of bench/results/baseline.json (npm run bench:baseline).
 */

const SERVICES: readonly ServiceName[] = ['auth', 'billing', 'ingestion', 'api-gateway'];
const HIGH_LIMIT = String(1_000_000_000);

/** Valid US numbers (+1 415 555 xxxx, varied), a GSM-7 text of one segment. */
function batchOf(size: number, round: number): { messages: { to: string; body: string; clientReference: string }[] } {
  return {
    messages: Array.from({ length: size }, (_, index) => ({
      to: `+1415555${String(index % 10_000).padStart(4, '0')}`,
      body: `Your order ${round}-${index} has shipped. Track it in the app.`,
      clientReference: `bench-${round}-${index}`,
    })),
  };
}

interface Round {
  seconds: number;
  accepted: number;
  rejected: number;
}

async function main(): Promise<void> {
  const options = { batches: numberOption('batches', 5), size: numberOption('size', 10_000), concurrency: numberOption('concurrency', 1) };
  const machine = machineInfo();
  console.log(`Batch sends on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}\n`);

  const platform = new TestPlatform({
    services: SERVICES,
    settings: { LOG_LEVEL: 'warn', RATE_LIMIT_PER_KEY_PER_MINUTE: HIGH_LIMIT, RATE_LIMIT_PER_ORG_PER_MINUTE: HIGH_LIMIT, RATE_LIMIT_PER_IP_PER_MINUTE: HIGH_LIMIT },
  });
  const rounds: Round[] = [];
  try {
    await platform.start();
    const customer = await platform.customer({ label: 'messages-bench', credit: 1_000_000_000, scopes: ['messages:send'] });

    const send = async (round: number): Promise<Round> => {
      const body = batchOf(options.size, round);
      const started = process.hrtime.bigint();
      // No Idempotency-Key: the figures stay comparable with earlier runs, which sent none.
      const reply = (await customer.app.post('/v1/messages/batch', body, { idempotencyKey: null })).body;
      return { seconds: Number(process.hrtime.bigint() - started) / 1e9, accepted: reply.accepted.length, rejected: reply.rejected.length };
    };
    process.stdout.write('warm-up batch… ');
    await send(-1);
    console.log('done');
    const started = process.hrtime.bigint();
    for (let round = 0; round < options.batches; round += options.concurrency) {
      const wave = Array.from({ length: Math.min(options.concurrency, options.batches - round) }, (_, offset) => send(round + offset));
      rounds.push(...(await Promise.all(wave)));
      process.stdout.write(`${rounds.length}/${options.batches} `);
    }
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log('\n');

    const accepted = rounds.reduce((sum, round) => sum + round.accepted, 0);
    const rejected = rounds.reduce((sum, round) => sum + round.rejected, 0);
    const latencies = rounds.map((round) => round.seconds).sort((a, b) => a - b);
    const acceptedPerSec = Math.round(accepted / wallSeconds);
    const copy = readReport<{ postgres?: { rowsPerSec: number } }>('baseline')?.results.postgres;
    const ratio = copy ? Math.round((acceptedPerSec / copy.rowsPerSec) * 1000) / 1000 : undefined;
    const rows: Cell[][] = [
      ['bare Postgres COPY (baseline)', copy?.rowsPerSec ?? 'n/a', '', '', '1'],
      [
        `POST /v1/messages/batch × ${options.batches} (${options.size.toLocaleString('en-US')} items, ${options.concurrency} at a time)`,
        acceptedPerSec,
        latencies[Math.floor(latencies.length / 2)].toFixed(2),
        latencies[latencies.length - 1].toFixed(2),
        ratio?.toFixed(3) ?? 'n/a',
      ],
    ];
    printTable(['', 'messages/s', 'p50 s/batch', 'max s/batch', 'ratio to COPY'], rows);
    const report: BenchReport = {
      bench: 'messages',
      date: new Date().toISOString(),
      machine,
      options,
      results: { acceptedPerSec, accepted, rejected, wallSeconds, batchSeconds: latencies, ...(ratio !== undefined ? { ratioToCopy: ratio } : {}) },
    };
    console.log(`\nwritten to ${writeReport(report)}`);
    if (rejected > 0) throw new Error(`${rejected} items were rejected: the figures above are not a clean run`);
  } finally {
    await platform.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
