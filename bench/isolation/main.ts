import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as amqplib from 'amqplib';
import { ServiceName } from '@zagel/config';
import { DeviceFleet, simOperatorFor } from '@zagel/device-simulator';
import { MessageRequested } from '@zagel/contracts';
import { ApiError, PublicApiClient } from '@zagel/sdk';
import { TestPlatform } from '@zagel/testing';
import { BenchReport, Cell, machineInfo, numberOption, printTable, PRODUCTION_TIMINGS, readReport, writeReport } from '../common';
import { measureRabbitMq } from '../baseline/rabbitmq';
import { registerPhones } from '../otp/bench-fleet';
import { keptAliveFetch } from '../otp/kept-alive-fetch';
import { runCampaign } from './campaign-run';
import { BulkLane, BulkRun } from './bulk-lane';
import { MissingOtp, OtpFigures, OtpLane, OtpSample } from './otp-lane';

/**
 * Lane isolation: OTP at a steady rate while another organization's bulk traffic runs.
 *   npm run bench:isolation -- [--rate=20] [--warmup-seconds=10] [--idle-seconds=10] [--phones=50] [--batch=10000] [--stream-batches=10]
 *     [--campaign=0] [--deadline-seconds=120] [--bare-messages=50000]
 * All eight services run from the build; `--phones` simulated EG Vodafone phones take the OTPs, the
 * provider simulator (bootstrapped `*` route, delivery reports after 1 s) the bulk messages. Three
 * phases: OTP alone; OTP while one `--batch` batch runs; OTP while `--stream-batches` batches are sent
 * one after the other; with `--campaign=N`, OTP while another organization's CSV campaign of N rows is
 * uploaded, started and sent to its last final status. OTP latency is request scheduled → phone receives `sms:send` (open loop); an
 * OTP meets the target when it is answered, not refused, and within 2 × idle p90 + 20 ms. Bulk: the
 * accept time of each batch and the final-status rate (first request → last final status), as a
 * ratio to bare RabbitMQ end to end (bench/results/baseline.json, or measured here). A phase ends when
 * its last message is final, or `--deadline-seconds` after its last batch was accepted. An accepted OTP no phone received is counted `via provider` when the
 * platform sent it through a provider (not lost), else `missing`, with where it stopped.
 * The late OTPs' time is split in three legs (HTTP answer; answer → `message.requested` on the bus;
 * bus → phone), beside the bench process's own event-loop delay in the phase: the phones and the
 * client run in it, so a core it waits for shows as latency too.
 */

const ALL_SERVICES: readonly ServiceName[] = ['auth', 'api-gateway', 'billing', 'otp', 'pool-dispatcher', 'device-gateway', 'provider-sender', 'ingestion'];
const HUGE = '1000000000';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Phase {
  name: string;
  /** The bench process's own event-loop delay in the phase, ms: its clocks read late by up to this much. */
  benchLoopDelay: { p99: number; max: number };
  otp: OtpFigures;
  withinTarget: number;
  bulk?: BulkRun;
}

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(200);
  }
}

/** The platform's own warnings during the run, grouped by service and shape (digits blurred). */
function printWarnings(platform: TestPlatform): void {
  for (const service of ALL_SERVICES) {
    const shapes = new Map<string, number>();
    for (const instance of platform.instancesOf(service)) {
      for (const line of instance.output) {
        if (!/"level":"(warn|error|fatal)"/.test(line)) continue;
        const shape = line.replace(/"(time|instanceId|requestId|correlationId|messageId|tenantId)":"[^"]*",?/g, '').replace(/\d+/g, '#').slice(0, 240);
        shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
      }
    }
    for (const [shape, count] of [...shapes].sort((a, b) => b[1] - a[1]).slice(0, 5)) console.log(`  ${service} ×${count}: ${shape}`);
  }
}

/** Queues still holding messages at the end (dead-letter queues included: what sits there was given up). */
async function printNonEmptyQueues(platform: TestPlatform): Promise<void> {
  const connection = await amqplib.connect(platform.namespace.settings.RABBITMQ_URL);
  // checkQueue on a queue that is gone (an instance's retry queue) closes the channel with a 404.
  connection.on('error', () => undefined);
  const openChannel = async () => (await connection.createChannel()).on('error', () => undefined);
  try {
    let channel = await openChannel();
    for (const queue of await platform.queues()) {
      try {
        const { messageCount } = await channel.checkQueue(queue);
        if (messageCount > 0) console.log(`  queue ${queue}: ${messageCount} messages`);
      } catch {
        channel = await openChannel();
      }
    }
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** Where a message stands in otp's outbox and at the dispatcher: the step a missing OTP stopped at. */
async function whereItStopped(platform: TestPlatform, messageId: string): Promise<{ text: string; decision?: string }> {
  const outbox = await platform
    .db('otp')
    .one<{ attempts: number; last_error: string | null }>(`SELECT attempts, last_error FROM outbox WHERE id = $1`, [messageId]);
  const routed = await platform.db('pool-dispatcher').one<{ outcome: string }>(`SELECT outcome FROM routed_messages WHERE message_id = $1`, [messageId]);
  const attempts = await platform
    .db('pool-dispatcher')
    .query<{ outcome: string }>(`SELECT outcome FROM delivery_attempts WHERE message_id = $1 ORDER BY attempt`, [messageId]);
  const inOutbox = outbox ? `in otp's outbox (${outbox.attempts} attempts${outbox.last_error ? `, ${outbox.last_error.replace(/[0-9a-f]{8,}/g, '…').slice(0, 100)}` : ''})` : 'not in otp\'s outbox';
  return { text: `${inOutbox}, dispatcher ${routed?.outcome ?? 'no decision'}, leases [${attempts.map((row) => row.outcome).join(',')}]`, decision: routed?.outcome };
}

async function main(): Promise<void> {
  const options = {
    rate: numberOption('rate', 20),
    idleSeconds: numberOption('idle-seconds', 10),
    warmupSeconds: numberOption('warmup-seconds', 10),
    phones: numberOption('phones', 50),
    batch: numberOption('batch', 10_000),
    streamBatches: numberOption('stream-batches', 10),
    campaign: numberOption('campaign', 0),
    deadlineSeconds: numberOption('deadline-seconds', 120),
    bareMessages: numberOption('bare-messages', 50_000),
  };
  const machine = machineInfo();
  const load = () => loadavg().map((value) => value.toFixed(1)).join(' ');
  console.log(`Lane isolation on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}; load average ${load()}\n`);
  const platform = new TestPlatform({
    services: ALL_SERVICES,
    settings: {
      LOG_LEVEL: 'warn',
      ...PRODUCTION_TIMINGS,
      RATE_LIMIT_PER_KEY_PER_MINUTE: HUGE,
      RATE_LIMIT_PER_ORG_PER_MINUTE: HUGE,
      RATE_LIMIT_PER_IP_PER_MINUTE: HUGE,
      OTP_ORG_VELOCITY_LIMIT: HUGE,
      OTP_PREFIX_VELOCITY_LIMIT: HUGE,
      OTP_PUMPING_MIN_VOLUME: HUGE,
      DEVICE_DEFAULT_DAILY_QUOTA: '10000',
      DISPATCH_STRATEGY: 'round-robin',
      DEVICE_EVENTS_PER_SECOND: '1000',
    },
  });
  const connections = keptAliveFetch();
  let fleet: DeviceFleet | undefined;
  try {
    await platform.start();
    const baseline = readReport<{ rabbitmq?: { endToEndPerSec: number } }>('baseline')?.results.rabbitmq?.endToEndPerSec;
    let bare = baseline;
    if (bare === undefined) {
      process.stdout.write(`bare RabbitMQ publish→consume, ${options.bareMessages} messages… `);
      const measured = await measureRabbitMq({ url: platform.namespace.settings.RABBITMQ_URL, messages: options.bareMessages, messageBytes: 300, window: 1_000, prefetch: 1_000 });
      bare = measured.endToEndPerSec;
      console.log(`${Math.round(bare)}/s`);
    }
    // No retries: a refusal is a figure of its own (how fast the gateway says no), not latency of a retried request.
    const api = new PublicApiClient({ baseUrl: platform.url('api-gateway'), fetch: connections.fetch, retry: false });
    const verifier = await platform.customer({ label: 'isolation-otp', credit: 1_000_000_000, scopes: ['verify', 'messages:read'] });
    const sender = await platform.customer({ label: 'isolation-bulk', credit: 1_000_000_000, scopes: ['messages:send', 'messages:read'] });
    const bulk = new BulkLane(sender.app);
    const otpApp = api.as({ apiKey: verifier.apiKey });
    const lane = new OtpLane(options.rate, async (to) => (await otpApp.post('/v1/verifications', { to })).body);
    await platform.probe({
      service: 'isolation-bench',
      plays: (bus) => {
        bulk.plays(bus);
        bus.onEvent(MessageRequested, (payload) => void lane.requested(payload.to));
      },
    });
    const explainMissing = async ({ verificationId }: OtpSample): Promise<MissingOtp> => {
      const verification = (await otpApp.get(`/v1/verifications/${verificationId!}`)).body;
      const send = verification.sends[0];
      if (!send) return { what: `verification ${verification.status}, no send`, viaProvider: false };
      const message = await otpApp.get(`/v1/messages/${send.messageId}`).then(
        (reply) => `message ${reply.body.status}${reply.body.errorCode ? ` (${reply.body.errorCode})` : ''}`,
        (error: unknown) => (error instanceof ApiError ? `message ${error.status}` : 'message lookup failed'),
      );
      const where = await whereItStopped(platform, send.messageId);
      return {
        what: `send ${send.status} via ${send.route}${send.errorCode ? ` (${send.errorCode})` : ''}; ${message}; ${where.text}`,
        viaProvider: send.route === 'provider' || where.decision === 'provider',
      };
    };

    process.stdout.write(`registering and connecting ${options.phones} phones… `);
    const devices = await registerPhones(api, options.phones, 5, 10);
    fleet = new DeviceFleet({ gatewayUrl: platform.url('device-gateway'), deliveredAfterMs: -1, heartbeatIntervalMs: 0, carrier: simOperatorFor('EG', 'Vodafone') });
    await fleet.connect(devices, 10);
    for (const phone of fleet.phones) phone.on('message', lane.received);
    const operator = await platform.asOperator();
    await waitFor(
      'every phone online in the pool',
      async () => {
        const pools = (await operator.get('/v1/admin/pools')).body;
        return pools.items.filter((pool) => pool.country === 'EG' && pool.carrier !== null).reduce((sum, pool) => sum + pool.onlinePhones, 0) >= options.phones;
      },
      120_000,
    );
    console.log('done');

    process.stdout.write('warm-up… ');
    // Long enough that the idle figures are not a cold start's (JIT, pools, caches).
    const warm = await lane.run(() => false, options.warmupSeconds);
    await lane.settle(warm, 5_000);
    await bulk.run(1, 100, 30, -1);
    console.log('done');

    const phases: Phase[] = [];
    const phaseSamples: OtpSample[][] = [];
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    const measure = async (name: string, samples: OtpSample[], limitMs: number, run?: BulkRun) => {
      const benchLoopDelay = { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 };
      phaseSamples.push(samples);
      await lane.settle(samples, 10_000);
      const within = lane.latencies(samples).filter((latency) => latency <= limitMs).length;
      phases.push({ name, benchLoopDelay, otp: await lane.figures(samples, explainMissing, limitMs), withinTarget: within, ...(run ? { bulk: run } : {}) });
      loopDelay.reset();
    };

    process.stdout.write(`OTP alone at ${options.rate}/s for ${options.idleSeconds} s… `);
    loopDelay.reset();
    await measure('OTP alone', await lane.run(() => false, options.idleSeconds), Infinity);
    const idleP90 = phases[0].otp.latency.p90;
    const limitMs = 2 * idleP90 + 20;
    console.log(`p90 ${idleP90.toFixed(1)} ms: the target is ≤ ${limitMs.toFixed(1)} ms`);

    const withBulk = async (name: string, batches: number, firstRound: number) => {
      process.stdout.write(`${name}… `);
      let settled = false;
      const running = bulk.run(batches, options.batch, options.deadlineSeconds, firstRound).finally(() => (settled = true));
      // OTP runs as long as the bulk traffic does: until its last message is final, or its deadline.
      const samples = await lane.run(() => settled, Infinity, 5);
      const run = await running;
      await measure(name, samples, limitMs, run);
      console.log(`${run.final.toLocaleString('en-US')} of ${run.accepted.toLocaleString('en-US')} final in ${run.seconds.toFixed(1)} s`);
    };
    await withBulk(`OTP while a ${options.batch.toLocaleString('en-US')}-message batch runs`, 1, 0);
    await withBulk(`OTP while ${options.streamBatches} × ${options.batch.toLocaleString('en-US')} batches stream`, options.streamBatches, 1);
    if (options.campaign > 0) {
      const name = `OTP while a ${options.campaign.toLocaleString('en-US')}-row campaign is accepted and sent`;
      process.stdout.write(`${name}… `);
      let settled = false;
      const running = runCampaign(sender.app, options.campaign, options.deadlineSeconds).finally(() => (settled = true));
      const samples = await lane.run(() => settled, Infinity, 5);
      const run = await running;
      await measure(name, samples, limitMs, run);
      console.log(`${run.final.toLocaleString('en-US')} of ${run.accepted.toLocaleString('en-US')} final in ${run.seconds.toFixed(1)} s`);
    }

    // An OTP not seen within the settle's quiet time may still be on its way (a retry, a sweep):
    // wait longer once, to tell late from lost.
    const missingBefore = phases.map((phase) => phase.otp.missing);
    const everySample = phaseSamples.flat();
    await lane.settle(everySample, 60_000);
    const lateLatencies = lane.latencies(everySample).filter((latency) => latency > 0);
    const stillMissingAs: Record<string, number> = {};
    let stillMissing = 0;
    for (const sample of lane.missing(everySample)) {
      const { what, viaProvider } = await explainMissing(sample);
      if (viaProvider) continue;
      stillMissing += 1;
      stillMissingAs[what] = (stillMissingAs[what] ?? 0) + 1;
    }

    console.log(`\nOTP lane (request scheduled → phone receives sms:send, ms; target ≤ 2 × idle p90 + 20 = ${limitMs.toFixed(1)} ms)`);
    printTable(
      ['phase', 'sent', 'refused', 'arrived', 'via provider', 'missing', 'p50', 'p90', 'p99', 'max', 'within target', 'met'],
      phases.map((phase): Cell[] => [
        phase.name,
        String(phase.otp.sent),
        String(phase.otp.refused),
        String(phase.otp.arrived),
        String(phase.otp.viaProvider),
        String(phase.otp.missing),
        phase.otp.latency.p50,
        phase.otp.latency.p90,
        phase.otp.latency.p99,
        phase.otp.latency.max,
        phase.bulk ? `${phase.withinTarget}/${phase.otp.sent}` : '-',
        phase.bulk ? (phase.withinTarget === phase.otp.sent ? 'yes' : 'no') : '-',
      ]),
    );
    console.log(`\nWhere the late OTPs' time went (ms; every arrived OTP where none was late): HTTP answer, answer → message.requested on the bus (negative: published before the answer reached the client), bus → phone`);
    printTable(
      ['phase', 'late', 'answer p50', 'answer p90', 'to bus p50', 'to bus p90', 'to phone p50', 'to phone p90', 'to phone max', 'bench loop delay p99', 'max'],
      phases.map((phase): Cell[] => {
        const legs = phase.otp.lateSegments;
        return [
          phase.name,
          String(legs.count),
          legs.answer.p50,
          legs.answer.p90,
          legs.toBus.p50,
          legs.toBus.p90,
          legs.toPhone.p50,
          legs.toPhone.p90,
          legs.toPhone.max,
          phase.benchLoopDelay.p99,
          phase.benchLoopDelay.max,
        ];
      }),
    );
    for (const phase of phases) if (phase.otp.refused > 0) console.log(`  refusals, ${phase.name}: ${JSON.stringify(phase.otp.refusals)}`);
    for (const phase of phases) if (phase.otp.missing > 0) console.log(`  missing, ${phase.name}, as the platform reports them: ${JSON.stringify(phase.otp.missingAs)}`);
    const missedAtFirst = missingBefore.reduce((sum, count) => sum + count, 0);
    if (missedAtFirst > 0) {
      console.log(`  of ${missedAtFirst} missing, ${missedAtFirst - stillMissing} arrived later or went via a provider (slowest arrival ${Math.max(...lateLatencies).toFixed(0)} ms after scheduled); ${stillMissing} never within 60 s`);
    if (stillMissing > 0) console.log(`  never within 60 s, as the platform reports them: ${JSON.stringify(stillMissingAs)}`);
    }
    const arrivedOne = everySample.find((sample) => sample.accepted && lane.missing([sample]).length === 0);
    if (missedAtFirst > 0 && arrivedOne) console.log(`  an OTP that arrived, for comparison: ${(await explainMissing(arrivedOne)).what}`);
    printWarnings(platform);
    await printNonEmptyQueues(platform);
    console.log(`\nBulk lane (final status = delivered, undelivered, failed, canceled or expired as announced on the bus)`);
    printTable(
      ['phase', 'accepted', 'accept s (first)', 'accept s (max)', 'final', 'seconds', 'final/s', 'bare RabbitMQ e2e/s', 'ratio'],
      phases.flatMap((phase): Cell[][] =>
        phase.bulk
          ? [[
              phase.name,
              String(phase.bulk.accepted),
              phase.bulk.acceptSeconds[0].toFixed(2),
              Math.max(...phase.bulk.acceptSeconds).toFixed(2),
              String(phase.bulk.final),
              phase.bulk.seconds,
              phase.bulk.finalPerSec,
              bare ?? 'n/a',
              bare ? (phase.bulk.finalPerSec / bare).toFixed(3) : 'n/a',
            ]]
          : [],
      ),
    );
    const report: BenchReport = {
      bench: 'isolation',
      date: new Date().toISOString(),
      machine,
      options,
      results: { idleP90Ms: idleP90, targetMs: limitMs, bareRabbitEndToEndPerSec: bare, bareFromBaselineFile: baseline !== undefined, phases },
    };
    console.log(`\nload average at the end ${load()} (other processes on the machine share its cores)`);
    console.log(`written to ${writeReport(report)}`);
  } finally {
    fleet?.close();
    connections.close();
    await platform.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
