import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { connect } from 'amqplib';
import { createClient } from 'redis';
import { allCpuSeconds, CostMeter, LatencySummary, ownCpuSeconds, summarizeLatencies } from '../../common';
import { driveOpenLoop, JsonPoster } from './open-loop';
import { OtpPathWiring, PathProcess } from './wiring';

/**
 * The minimal OTP path: what an OTP send must do on this machine, hand-wired with no Zagel code,
 * the denominator of `bench:otp`.
 *
 *   bench (load) ─HTTP─▶ gateway ─AMQP─▶ worker ─Socket.IO─▶ phones
 *
 * - gateway: a bare Fastify `POST /v1/verifications`; publishes one persistent message to a
 *   durable queue on a confirm channel (amqplib) and answers 202 once the broker confirmed it.
 * - worker: consumes with manual acks and prefetch; one Redis `SET` with a TTL (node-redis);
 *   emits `sms:send` to one of the connected phones (Socket.IO server, websocket transport);
 *   acks the delivery only once the phone acked the event.
 * - phones: `phones` Socket.IO clients that ack at once and note the arrival.
 *
 * Why these processes: Zagel runs the edge (api-gateway + otp), the routing (pool-dispatcher) and
 * the phones' socket server (device-gateway) as separate processes, with the phones elsewhere. The
 * minimal path keeps a process boundary wherever a network hop is unavoidable (HTTP in, the durable
 * queue, the phone's socket) and merges what Zagel splits by design (otp and gateway, dispatcher
 * and device-gateway): it is the floor for the hops, not a model of Zagel's services. The load
 * generator is the bench process, as in `bench:otp`; `bench:otp` also runs its phones in the bench
 * process, here they have their own (a phone is not the customer's server). Everything shares the
 * same two cores, so the split changes little but context switches.
 * It leaves out what Zagel must add (auth, idempotency, billing, PostgreSQL records, routing
 * decisions, status reports): their cost is what `bench:otp`'s ratio shows.
 *
 * The load is open-loop: each request is due at its scheduled time and every latency counts from
 * it. The saturation rate is the highest offered rate that the path keeps up with: ≥ 95% of it
 * answered and received per second, ≤ 0.1% lost, and "phone received" within the p50 and p99
 * limits (20 ms and 200 ms by default: a backlog raises both within a step, while a neighbour's
 * burst on a shared machine raises only the p99, and not that far). Rates double from the start
 * rate until one falls behind (twice in a row), then two bisections.
 */

export interface OtpPathOptions {
  amqpUrl: string;
  redisUrl: string;
  phones: number;
  prefetch: number;
  /** Seconds per step of the saturation search. */
  stepSeconds: number;
  /** The first rate tried; doubled while the path keeps up, then bisected. */
  startRate: number;
  maxRate: number;
  /** The p50 and p99 (scheduled → phone received) a rate must keep to count as kept up. */
  p50LimitMs: number;
  p99LimitMs: number;
  /** The moderate rate for the latency and cost figures; undefined: 0.05 × the saturation rate. */
  moderateRate?: number;
  moderateSeconds: number;
}

export interface OtpPathStep {
  rate: number;
  requests: number;
  accepted: number;
  failed: number;
  neverReceived: number;
  answeredPerSec: number;
  receivedPerSec: number;
  httpLatencyMs: LatencySummary;
  toPhoneLatencyMs: LatencySummary;
  keptUp: boolean;
  /** CPU per request of each process over the step (RabbitMQ and Redis are shared with the machine). */
  cpuMsPerRequest: Record<string, number>;
  /** The path's own processes: gateway, worker, phones and the load generator. */
  cpuMsPerRequestOwn: number;
  /** With RabbitMQ and Redis, whose CPU includes whatever else the machine runs. */
  cpuMsPerRequestTotal: number;
}

export interface OtpPathResult {
  measuredAt: string;
  loadAverage: { before: number[]; after: number[] };
  phones: number;
  prefetch: number;
  p50LimitMs: number;
  p99LimitMs: number;
  /** Highest rate kept up with (0: none of those tried). */
  saturationPerSec: number;
  saturated?: OtpPathStep;
  moderate: OtpPathStep;
  steps: OtpPathStep[];
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const load = () => loadavg().map((value) => round(value));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The three processes, started and wired to a queue and a Redis prefix of their own. */
async function startPath(options: OtpPathOptions): Promise<{ processes: PathProcess[]; gatewayUrl: string; phones: PathProcess; wiring: OtpPathWiring }> {
  const tag = randomBytes(4).toString('hex');
  const wiring: OtpPathWiring = {
    amqpUrl: options.amqpUrl,
    redisUrl: options.redisUrl,
    queue: `bench.otp-path.${tag}`,
    keyPrefix: `bench:otp-path:${tag}:`,
    prefetch: options.prefetch,
    phones: options.phones,
  };
  const processes: PathProcess[] = [];
  try {
    const worker = await PathProcess.start('worker', 'worker', wiring);
    processes.push(worker.process);
    const gateway = await PathProcess.start('gateway', 'gateway', wiring);
    processes.push(gateway.process);
    const phones = await PathProcess.start('phones', 'phones', { ...wiring, workerUrl: worker.url });
    processes.push(phones.process);
    return { processes, gatewayUrl: gateway.url as string, phones: phones.process, wiring };
  } catch (error) {
    await Promise.allSettled(processes.map((process) => process.stop()));
    await cleanup(wiring);
    throw error;
  }
}

async function cleanup(wiring: OtpPathWiring): Promise<void> {
  const connection = await connect(wiring.amqpUrl);
  try {
    const channel = await connection.createChannel();
    await channel.deleteQueue(wiring.queue);
  } finally {
    await connection.close();
  }
  const redis = createClient({ url: wiring.redisUrl });
  await redis.connect();
  try {
    for await (const keys of redis.scanIterator({ MATCH: `${wiring.keyPrefix}*`, COUNT: 1_000 })) if (keys.length) await redis.del(keys);
  } finally {
    await redis.close();
  }
}

/** `+2011xxxxxxxx`: a distinct recipient per request of the run. */
const recipient = (index: number) => `+2011${String(index).padStart(8, '0')}`;

export async function measureOtpPath(options: OtpPathOptions, progress: (line: string) => void = () => undefined): Promise<OtpPathResult> {
  const loadBefore = load();
  const path = await startPath(options);
  const poster = new JsonPoster(path.gatewayUrl);
  const meter = new CostMeter({
    processes: [...path.processes.map((process) => ({ name: process.name, pid: process.pid })), { name: 'bench (load)', pid: process.pid }],
    servers: ['rabbitmq', 'redis'],
  });
  let sent = 0;

  /** Waits until the phones received `expected` in all, or nothing arrived for 3 s. */
  const waitForPhones = async (expected: number) => {
    let seen = -1;
    let progressAt = Date.now();
    for (;;) {
      const { count } = await path.phones.ask({ kind: 'count' }, 'received-count');
      if (count >= expected || Date.now() - progressAt > 3_000) return;
      if (count !== seen) [seen, progressAt] = [count, Date.now()];
      await sleep(100);
    }
  };

  const runStep = async (rate: number, seconds: number): Promise<OtpPathStep> => {
    const first = sent;
    const count = Math.max(1, Math.round(rate * seconds));
    sent += count;
    const before = await meter.read();
    const outcomes = await driveOpenLoop(rate, count, (index) => poster.post('/v1/verifications', { to: recipient(first + index) }));
    const accepted = outcomes.filter((outcome) => outcome.status === 202);
    await waitForPhones(accepted.length);
    const costs = await meter.between(before, await meter.read());
    const cpuMsPerRequest = Object.fromEntries(costs.processes.map((process) => [process.name, round((process.cpuSeconds * 1_000) / count, 3)]));
    const { arrivals } = await path.phones.ask({ kind: 'collect' }, 'received');
    const arrivedAt = new Map(arrivals.map(([to, atNs]) => [to, Number(BigInt(atNs)) / 1e6]));
    const received = accepted.map((outcome) => ({ outcome, at: arrivedAt.get(recipient(first + outcome.index)) })).filter(
      (arrival): arrival is { outcome: (typeof accepted)[number]; at: number } => arrival.at !== undefined,
    );
    const started = outcomes[0].scheduledAt;
    const lastAnswer = Math.max(...outcomes.map((outcome) => outcome.answeredAt ?? started));
    const lastArrival = Math.max(started, ...received.map(({ at }) => at));
    const step: OtpPathStep = {
      rate,
      requests: count,
      accepted: accepted.length,
      failed: count - accepted.length,
      neverReceived: accepted.length - received.length,
      answeredPerSec: round(accepted.length / ((lastAnswer - started) / 1_000 || 1)),
      receivedPerSec: round(received.length / ((lastArrival - started) / 1_000 || 1)),
      httpLatencyMs: summarizeLatencies(outcomes.map((outcome) => (outcome.answeredAt as number) - outcome.scheduledAt)),
      toPhoneLatencyMs: summarizeLatencies(received.map(({ outcome, at }) => at - outcome.scheduledAt)),
      keptUp: false,
      cpuMsPerRequest,
      cpuMsPerRequestOwn: round((ownCpuSeconds(costs) * 1_000) / count, 3),
      cpuMsPerRequestTotal: round((allCpuSeconds(costs) * 1_000) / count, 3),
    };
    const lost = step.failed + step.neverReceived;
    step.keptUp =
      lost <= count * 0.001 &&
      step.answeredPerSec >= rate * 0.95 &&
      step.receivedPerSec >= rate * 0.95 &&
      step.toPhoneLatencyMs.p50 <= options.p50LimitMs &&
      step.toPhoneLatencyMs.p99 <= options.p99LimitMs;
    progress(
      `${rate}/s: received ${step.receivedPerSec}/s, p50 ${step.toPhoneLatencyMs.p50.toFixed(1)} ms, p99 ${step.toPhoneLatencyMs.p99.toFixed(1)} ms` +
        `${lost ? `, ${lost} lost` : ''} → ${step.keptUp ? 'kept up' : 'fell behind'}`,
    );
    return step;
  };

  // A step that fell behind leaves a backlog (and a busy broker): a pause before the next.
  const settle = () => sleep(1_000);

  try {
    progress('warm-up');
    await runStep(Math.min(200, options.startRate), 2);
    await settle();

    const steps: OtpPathStep[] = [];
    const search: { kept?: OtpPathStep; fell?: OtpPathStep } = {};
    // On a shared machine another process's burst can spoil one step's p99: a rate counts as
    // fallen behind only when it does so twice.
    const keepsUp = async (rate: number): Promise<boolean> => {
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        const step = await runStep(rate, options.stepSeconds);
        steps.push(step);
        await settle();
        if (step.keptUp) {
          search.kept = step;
          return true;
        }
      }
      search.fell = steps[steps.length - 1];
      return false;
    };
    for (let rate = options.startRate; rate <= options.maxRate; rate *= 2) if (!(await keepsUp(rate))) break;
    for (let refinement = 0; refinement < 2 && search.kept && search.fell; refinement += 1) {
      const rate = Math.round((search.kept.rate + search.fell.rate) / 2 / 50) * 50;
      if (rate <= search.kept.rate || rate >= search.fell.rate) break;
      await keepsUp(rate);
    }
    const saturationPerSec = search.kept?.rate ?? 0;

    const moderateRate = options.moderateRate ?? Math.max(20, Math.round((saturationPerSec * 0.05) / 10) * 10);
    progress(`moderate rate: ${moderateRate}/s`);
    const moderate = await runStep(moderateRate, options.moderateSeconds);

    return {
      measuredAt: new Date().toISOString(),
      loadAverage: { before: loadBefore, after: load() },
      phones: options.phones,
      prefetch: options.prefetch,
      p50LimitMs: options.p50LimitMs,
      p99LimitMs: options.p99LimitMs,
      saturationPerSec,
      saturated: search.kept,
      moderate,
      steps,
    };
  } finally {
    poster.close();
    await Promise.allSettled(path.processes.map((process) => process.stop()));
    await cleanup(path.wiring);
  }
}
