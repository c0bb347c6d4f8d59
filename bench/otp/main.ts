import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { ServiceName } from '@zagel/config';
import { MessageRequested } from '@zagel/contracts';
import { DeviceFleet, ReceivedMessage, simOperatorFor } from '@zagel/device-simulator';
import { ApiError, PublicApiClient } from '@zagel/sdk';
import { TestPlatform } from '@zagel/testing';
import {
  BenchReport,
  Cell,
  COST_HEADERS,
  CostMeter,
  costRows,
  LatencySummary,
  machineInfo,
  numberOption,
  printBusTable,
  printCostTable,
  printTable,
  PRODUCTION_TIMINGS,
  readOption,
  readReport,
  summarizeLatencies,
  writeReport,
} from '../common';
import { registerPhones, vodafoneEgNumber } from './bench-fleet';
import { keptAliveFetch } from './kept-alive-fetch';
import { minimalPathReference } from './minimal-path-reference';
import { costsForReport, printOtpFigures } from './otp-figures';

/**
 * The OTP send path end to end, as a customer sees it:
 *   npm run bench:otp -- [--rate=1000] [--seconds=10] [--phones=1000] [--checks=300] [--warmup=300] [--strategy=round-robin] [--profile=dir]
 *     [--idle-seconds=3] [--with-baseline]
 * All eight services run from the build in a namespace of their own; `--phones` simulated EG Vodafone
 * phones are registered through the public API and connected to the device-gateway. Then
 * `POST /v1/verifications` is driven open-loop at `--rate` (each to a distinct Vodafone number) and
 * every latency is measured from the request's *scheduled* time, so a stalled platform cannot hide
 * its queue (no coordinated omission): the HTTP answer, and the moment a phone receives `sms:send`
 * for that number. Afterwards `--checks` of the verifications are checked with the code the phone got.
 * Past the platform's capacity the gateway refuses starts with 503 + Retry-After: those are counted apart
 * (with their own latency), beside the accepted ones' latency, so a rate past saturation shows both.
 * `--strategy` is the dispatcher's (default round-robin: with every phone's quota raised for the bench,
 * fill-first sends every concurrent message to the same phone, which refuses past its in-flight limit,
 * and the retries serialize on that phone's row; `--strategy=fill-first` shows it).
 * `--profile=<dir>` writes each service's CPU profile there (<instance>.cpuprofile, for Chrome DevTools).
 *
 * Cost per verification: every service's `/metrics` (PostgreSQL round trips, Redis commands, bus
 * publishes, deliveries and drops) and the CPU of every process (/proc: the services, the bench, the
 * PostgreSQL backends serving each service, the rest of PostgreSQL, RabbitMQ and Redis) are read
 * before the measured window and after it, once the bus is quiet, and divided by the verifications.
 * The background with no traffic is read over `--idle-seconds` before the window and printed apart.
 * RabbitMQ, Redis and PostgreSQL's background are shared with whatever else runs on the machine.
 * The figures are ratios to the minimal OTP path (`bench:baseline` section otp-path), read from
 * bench/results/baseline.json, or measured first by this run with `--with-baseline`.
 */

const ALL_SERVICES: readonly ServiceName[] = ['auth', 'api-gateway', 'billing', 'otp', 'pool-dispatcher', 'device-gateway', 'provider-sender', 'ingestion'];
const HUGE = '1000000000';
const RECIPIENT_OFFSET = 50_000_000;
const BENCH_LISTENER = 'otp-bench';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;
const round = (value: number) => Math.round(value * 100) / 100;
const load = () => loadavg().map((value) => round(value));

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(100);
  }
}

interface SendOutcome {
  to: string;
  scheduledAt: number;
  answeredAt?: number;
  verificationId?: string;
  /** The problem code of a 503 refusal (live capacity): answered, not failed. */
  refused?: string;
  error?: string;
}

/** A refusal past the live lane's capacity: 503 with Retry-After, at the gateway or from a full live queue. */
const refusalCode = (error: unknown): string | undefined => (error instanceof ApiError && error.status === 503 ? (error.code ?? 'unknown') : undefined);

/** Open loop: request `index` is due at `start + index / rate`, whenever the previous ones answer. */
async function drive(count: number, rate: number, firstIndex: number, send: (to: string) => Promise<{ id: string }>): Promise<SendOutcome[]> {
  const outcomes: SendOutcome[] = [];
  const pending: Promise<void>[] = [];
  const start = nowMs() + 5;
  for (let index = 0; index < count; index += 1) {
    const scheduledAt = start + (index * 1_000) / rate;
    const wait = scheduledAt - nowMs();
    if (wait > 1) await sleep(wait);
    const outcome: SendOutcome = { to: vodafoneEgNumber(RECIPIENT_OFFSET, firstIndex + index), scheduledAt };
    outcomes.push(outcome);
    pending.push(
      send(outcome.to).then(
        (verification) => {
          outcome.answeredAt = nowMs();
          outcome.verificationId = verification.id;
        },
        (error: unknown) => {
          outcome.answeredAt = nowMs();
          outcome.refused = refusalCode(error);
          if (!outcome.refused) outcome.error = error instanceof Error ? error.message.slice(0, 200) : String(error);
        },
      ),
    );
  }
  await Promise.all(pending);
  return outcomes;
}

interface BaselineFigures {
  rabbitmq?: { endToEndLatencyMs: LatencySummary; endToEndPerSec: number };
  redis?: { operationsPerSec: number };
  http?: { requestsPerSec: number; latencyMs: { p50: number; p99: number } };
}

async function main(): Promise<void> {
  const options = {
    rate: numberOption('rate', 1_000),
    seconds: numberOption('seconds', 10),
    phones: numberOption('phones', 1_000),
    checks: numberOption('checks', 300),
    warmup: numberOption('warmup', 300),
    owners: numberOption('owners', 10),
    strategy: readOption('strategy') ?? 'round-robin',
    idleSeconds: numberOption('idle-seconds', 3),
    withBaseline: process.argv.includes('--with-baseline') || process.env.BENCH_WITH_BASELINE === '1',
  };
  const machine = machineInfo();
  console.log(`OTP send path on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}; load average ${load().join(' ')}\n`);
  const reference = await minimalPathReference(options.withBaseline);
  const total = options.warmup + Math.round(options.rate * options.seconds);
  // Enough daily quota for every send, however the strategy spreads them.
  const quota = Math.min(10_000, Math.ceil((total * 2) / options.phones) + 10);

  const profileDirectory = readOption('profile');
  if (profileDirectory) mkdirSync(profileDirectory, { recursive: true });
  const serviceNodeOptions = profileDirectory ? `--require ${join(__dirname, 'profile-preload.js')}` : undefined;
  const platform = new TestPlatform({
    services: ALL_SERVICES,
    settings: {
      LOG_LEVEL: 'warn',
      ...PRODUCTION_TIMINGS,
      ...(serviceNodeOptions ? { NODE_OPTIONS: serviceNodeOptions, BENCH_PROFILE_DIR: resolve(profileDirectory!) } : {}),
      RATE_LIMIT_PER_KEY_PER_MINUTE: HUGE,
      RATE_LIMIT_PER_ORG_PER_MINUTE: HUGE,
      RATE_LIMIT_PER_IP_PER_MINUTE: HUGE,
      OTP_ORG_VELOCITY_LIMIT: HUGE,
      OTP_PREFIX_VELOCITY_LIMIT: HUGE,
      OTP_PUMPING_MIN_VOLUME: HUGE,
      DEVICE_DEFAULT_DAILY_QUOTA: String(quota),
      DISPATCH_STRATEGY: options.strategy,
      DEVICE_EVENTS_PER_SECOND: '1000',
    },
  });
  const connections = keptAliveFetch();
  // A listener of its own on `message.requested`: when the otp service's outbox relay published it.
  const requestedAt = new Map<string, number>();
  let fleet: DeviceFleet | undefined;
  let results: Record<string, unknown>;
  try {
    await platform.start();
    // No retries: a refusal is a figure of its own (how fast the gateway says no), not latency of a retried request.
    const api = new PublicApiClient({ baseUrl: platform.url('api-gateway'), fetch: connections.fetch, retry: false });
    await platform.probe({ service: BENCH_LISTENER, plays: (bus) => bus.onEvent(MessageRequested, (payload) => void requestedAt.set(payload.to, nowMs())) });
    // A customer with credit and an API key.
    const customer = await platform.customer({ label: 'otp-bench', credit: 1_000_000_000, scopes: ['verify'] });
    const app = api.as({ apiKey: customer.apiKey });
    const operator = await platform.asOperator();

    process.stdout.write(`registering ${options.phones} phones… `);
    let started = nowMs();
    const devices = await registerPhones(api, options.phones, options.owners, 20);
    console.log(`${((nowMs() - started) / 1_000).toFixed(1)} s`);
    process.stdout.write(`connecting them… `);
    started = nowMs();
    fleet = new DeviceFleet({
      gatewayUrl: platform.url('device-gateway'),
      deliveredAfterMs: -1,
      heartbeatIntervalMs: 0,
      carrier: simOperatorFor('EG', 'Vodafone'),
    });
    await fleet.connect(devices, 20);
    const received = new Map<string, ReceivedMessage>();
    for (const phone of fleet.phones) phone.on('message', (message: ReceivedMessage) => received.set(message.to, message));
    await waitFor(
      'every phone online in the pool',
      async () => {
        const pools = (await operator.get('/v1/admin/pools')).body;
        const online = pools.items.filter((pool) => pool.country === 'EG' && pool.carrier !== null).reduce((sum, pool) => sum + pool.onlinePhones, 0);
        return online >= options.phones ? true : undefined;
      },
      120_000,
    );
    console.log(`${((nowMs() - started) / 1_000).toFixed(1)} s`);

    const start = async (to: string) => (await app.post('/v1/verifications', { to })).body;
    const arrivedAt = (to: string): number | undefined => {
      const message = received.get(to);
      return message ? Number(message.receivedAtNs) / 1e6 : undefined;
    };
    /** Until every accepted verification reached a phone, or none arrived for `quietMs`. */
    const waitForArrivals = async (outcomes: readonly SendOutcome[], quietMs: number) => {
      let seen = received.size;
      let lastProgress = Date.now();
      while (Date.now() - lastProgress < quietMs && outcomes.some((outcome) => outcome.verificationId && !received.has(outcome.to))) {
        await sleep(50);
        if (received.size !== seen) [seen, lastProgress] = [received.size, Date.now()];
      }
    };

    process.stdout.write(`warm-up: ${options.warmup} verifications at ${Math.min(options.rate, 100)}/s… `);
    const warm = await drive(options.warmup, Math.min(options.rate, 100), 0, start);
    await waitForArrivals(warm, 10_000);
    console.log(`${warm.filter((outcome) => received.has(outcome.to)).length} arrived`);

    const count = Math.round(options.rate * options.seconds);
    const loadBefore = load();
    const meter = new CostMeter({
      processes: [
        ...ALL_SERVICES.map((service) => ({ name: service, pid: platform.instance(service).pid ?? -1, url: platform.url(service) })),
        { name: 'bench (phones + client)', pid: process.pid },
      ],
      databaseUrl: platform.namespace.settings.DATABASE_URL,
    });
    process.stdout.write(`background with no traffic, ${options.idleSeconds} s… `);
    const idleFrom = await meter.settle();
    await sleep(options.idleSeconds * 1_000);
    const idle = await meter.between(idleFrom, await meter.read());
    console.log('read');

    const costBefore = await meter.read();
    const wallBefore = nowMs();
    process.stdout.write(`measuring: ${count} verifications at ${options.rate}/s… `);
    const measured = await drive(count, options.rate, options.warmup, start);
    const lastAnswer = Math.max(...measured.map((outcome) => outcome.answeredAt ?? 0));
    const sendSeconds = (lastAnswer - measured[0].scheduledAt) / 1_000;
    await waitForArrivals(measured, 10_000);
    const loadAfter = load();
    const costs = await meter.between(costBefore, await meter.settle());
    const wallSeconds = (nowMs() - wallBefore) / 1_000;
    console.log('done');

    const accepted = measured.filter((outcome) => outcome.verificationId);
    const failed = measured.filter((outcome) => outcome.error);
    const refused = measured.filter((outcome) => outcome.refused);
    const answerMs = (outcome: SendOutcome) => (outcome.answeredAt as number) - outcome.scheduledAt;
    const http = summarizeLatencies(measured.map(answerMs));
    const acceptedHttp = summarizeLatencies(accepted.map(answerMs));
    const refusedHttp = summarizeLatencies(refused.map(answerMs));
    const refusalCodes: Record<string, number> = {};
    for (const outcome of refused) refusalCodes[outcome.refused!] = (refusalCodes[outcome.refused!] ?? 0) + 1;
    const arrivals = accepted.map((outcome) => ({ outcome, at: arrivedAt(outcome.to) }));
    const delivered = arrivals.filter((arrival): arrival is { outcome: SendOutcome; at: number } => arrival.at !== undefined);
    const toPhone = summarizeLatencies(delivered.map(({ outcome, at }) => at - outcome.scheduledAt));
    const published = accepted.filter((outcome) => requestedAt.has(outcome.to));
    const toBus = summarizeLatencies(published.map((outcome) => (requestedAt.get(outcome.to) as number) - outcome.scheduledAt));
    const busToPhone = summarizeLatencies(
      delivered.filter(({ outcome }) => requestedAt.has(outcome.to)).map(({ outcome, at }) => at - (requestedAt.get(outcome.to) as number)),
    );
    const lastArrival = Math.max(...delivered.map(({ at }) => at));
    const deliveredPerSec = delivered.length / ((lastArrival - measured[0].scheduledAt) / 1_000);
    const errorCounts: Record<string, number> = {};
    for (const outcome of failed) errorCounts[outcome.error!.slice(0, 80)] = (errorCounts[outcome.error!.slice(0, 80)] ?? 0) + 1;

    const missing = arrivals.filter((arrival) => arrival.at === undefined).slice(0, 5);
    const missingStates = await Promise.all(
      missing.map(({ outcome }) =>
        app.get(`/v1/verifications/${outcome.verificationId}`).then(
          ({ body: view }) => `${view.status}/${(view.sends ?? []).map((send) => `${send.status}:${send.route ?? ''}`).join(',')}`,
          (error: unknown) => String(error),
        ),
      ),
    );
    if (missingStates.length) console.log(`never reached a phone, e.g.: ${missingStates.join('; ')}`);

    // Checks, with the code each phone received, a few at a time (as users type codes).
    process.stdout.write(`checking ${Math.min(options.checks, delivered.length)} codes… `);
    const sample = delivered.slice(0, options.checks);
    const checkLatencies: number[] = [];
    let valid = 0;
    let checksRefused = 0;
    let next = 0;
    const checker = async () => {
      while (next < sample.length) {
        const { outcome } = sample[next];
        next += 1;
        const code = /\b(\d{4,10})\b/.exec(received.get(outcome.to)!.body)?.[1] ?? '';
        // A check refused past capacity is retried after its Retry-After, as a client would.
        for (;;) {
          const begun = nowMs();
          const reply = await app.post('/v1/verifications/check', { verificationId: outcome.verificationId, code });
          if (reply.status === 503) {
            checksRefused += 1;
            await sleep(Number(reply.headers.get('retry-after') ?? 1) * 1_000);
            continue;
          }
          checkLatencies.push(nowMs() - begun);
          if (reply.body.valid) valid += 1;
          break;
        }
      }
    };
    const checkCostBefore = await meter.read();
    await Promise.all(Array.from({ length: 10 }, checker));
    const checkCosts = await meter.between(checkCostBefore, await meter.settle());
    const check = summarizeLatencies(checkLatencies);
    console.log(`${valid} valid${checksRefused ? ` (${checksRefused} refused with 503 first, retried after Retry-After)` : ''}\n`);

    results = {
      phones: options.phones,
      quotaPerPhone: quota,
      targetRate: options.rate,
      requests: count,
      accepted: accepted.length,
      refused: refused.length,
      refusalCodes,
      failed: failed.length,
      errors: errorCounts,
      requestsPerSec: round(count / sendSeconds),
      httpLatencyMs: http,
      acceptedHttpLatencyMs: acceptedHttp,
      refusedHttpLatencyMs: refusedHttp,
      toPhoneLatencyMs: toPhone,
      toMessageRequestedMs: toBus,
      messageRequestedToPhoneMs: busToPhone,
      deliveredPerSec: round(deliveredPerSec),
      neverArrived: accepted.length - delivered.length,
      neverArrivedStates: missingStates,
      check: { ...check, valid, refusedThenRetried: checksRefused },
      loadAverage: { before: loadBefore, after: loadAfter },
      costWindowSeconds: round(wallSeconds),
      costs: costsForReport(costs, count),
      checkCosts: costsForReport(checkCosts, Math.max(1, check.count)),
      idlePerSecond: costsForReport(idle, idle.seconds),
      minimalPath: reference.result ? { saturationPerSec: reference.result.saturationPerSec, measuredAt: reference.result.measuredAt, measuredNow: reference.measuredNow } : undefined,
    };

    const baseline = readReport<BaselineFigures>('baseline')?.results;
    const ms = (value: number | undefined): Cell => (value === undefined || !Number.isFinite(value) ? '' : value.toFixed(2));
    printTable(
      ['path', 'count', 'per s', 'p50 ms', 'p99 ms', 'max ms'],
      [
        [`POST /v1/verifications → HTTP answer (target ${options.rate}/s)`, count, round(count / sendSeconds), ms(http.p50), ms(http.p99), ms(http.max)],
        ['  of which: accepted (2xx)', acceptedHttp.count, round(acceptedHttp.count / sendSeconds), ms(acceptedHttp.p50), ms(acceptedHttp.p99), ms(acceptedHttp.max)],
        ['  of which: refused past capacity (503 + Retry-After)', refusedHttp.count, round(refusedHttp.count / sendSeconds), ms(refusedHttp.p50), ms(refusedHttp.p99), ms(refusedHttp.max)],
        ['POST /v1/verifications → phone receives sms:send', delivered.length, round(deliveredPerSec), ms(toPhone.p50), ms(toPhone.p99), ms(toPhone.max)],
        ['  of which: POST → message.requested on the bus (outbox relay)', toBus.count, '', ms(toBus.p50), ms(toBus.p99), ms(toBus.max)],
        ['  of which: message.requested → phone (dispatcher + gateway)', busToPhone.count, '', ms(busToPhone.p50), ms(busToPhone.p99), ms(busToPhone.max)],
        ['POST /v1/verifications/check → HTTP answer', String(check.count), '', ms(check.p50), ms(check.p99), ms(check.max)],
        ['baseline: bare Fastify JSON (autocannon, saturated)', '', baseline?.http?.requestsPerSec ?? '', ms(baseline?.http?.latencyMs.p50), ms(baseline?.http?.latencyMs.p99), ''],
        [
          'baseline: bare RabbitMQ publish → consume (saturated)',
          '',
          baseline?.rabbitmq?.endToEndPerSec ?? '',
          ms(baseline?.rabbitmq?.endToEndLatencyMs.p50),
          ms(baseline?.rabbitmq?.endToEndLatencyMs.p99),
          ms(baseline?.rabbitmq?.endToEndLatencyMs.max),
        ],
        ['baseline: bare Redis INCR + SET, pipelined (ops)', '', baseline?.redis?.operationsPerSec ?? '', '', '', ''],
      ],
    );
    console.log('');
    printOtpFigures(
      {
        command: `npm run bench:otp -- ${process.argv.slice(2).join(' ')}`.trim(),
        verifications: count,
        answeredPerSec: round(count / sendSeconds),
        receivedPerSec: round(deliveredPerSec),
        http,
        toPhone,
        costs,
      },
      reference,
    );
    console.log(`\nCost per verification (${wallSeconds.toFixed(1)} s window: the sends, until the bus was quiet):`);
    printCostTable(costs, count, 'verif');
    console.log('\nBus traffic per verification:');
    printBusTable(costs, count, 'verif');
    console.log(`\nCost per check (${check.count} checks, 10 at a time):`);
    printCostTable(checkCosts, Math.max(1, check.count), 'check');
    console.log(`\nBackground with no traffic (${idle.seconds.toFixed(1)} s before the window), per second:`);
    printTable(COST_HEADERS('s'), costRows(idle, idle.seconds));
    console.log(
      `\nrefused past capacity: ${refused.length}${refused.length ? ` ${JSON.stringify(refusalCodes)}` : ''}; ` +
        `failed requests: ${failed.length}${failed.length ? ` ${JSON.stringify(errorCounts)}` : ''}; never reached a phone: ${accepted.length - delivered.length}; ` +
        `load average before ${loadBefore.join(' ')}, after ${loadAfter.join(' ')}`,
    );
    if (!baseline) console.log('(no bench/results/baseline.json yet: npm run bench:baseline)');
  } catch (error) {
    for (const service of ALL_SERVICES) {
      const tail = platform.instancesOf(service).flatMap((instance) => instance.output.slice(-5));
      if (tail.length) console.error(`--- ${service}\n${tail.join('\n')}`);
    }
    throw error;
  } finally {
    fleet?.close();
    connections.close();
    await platform.stop();
  }
  const report: BenchReport = { bench: 'otp', date: new Date().toISOString(), machine, options, results };
  console.log(`written to ${writeReport(report)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
