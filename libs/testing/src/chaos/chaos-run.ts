import { once } from 'node:events';
import { createWriteStream, openAsBlob, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { SERVICE_NAMES, ServiceName } from '@zagel/config';
import { E2E_TIMINGS } from '../platform/platform-settings';
import { TestPhone } from '../platform/phones';
import { TestPlatform } from '../platform/test-platform';
import { until } from '../waiting/until';
import { dropBrokerConnections } from './broker-connections';
import { checkDeadLetters, checkLedger, checkOtps, checkOutboxes, checkPhones, checkSends, DeadLetterCheck, LedgerCheck, OtpCheck, OutboxCheck, PhonesCheck, SendsCheck } from './chaos-checks';
import { CountingProvider } from './counting-provider';
import { OtpLoad } from './otp-load';
import { PrivateRedis, redisServerAvailable } from './private-redis';

export interface ChaosOptions {
  recipients: number;
  /** The campaign's `ratePerSecond`: slow enough that it is still sending while things are killed. */
  ratePerSecond: number;
  otpPerSecond: number;
  /** Services killed (SIGKILL) and restarted, one after another, in this order. Default: all eight. */
  kills?: readonly ServiceName[];
  /** Close every broker connection of the platform once. Default true. */
  dropBroker?: boolean;
  /** Kill and restart Redis once (a private redis-server of the run's own; skipped when there is none). Default true. */
  restartRedis?: boolean;
  /** Pool phones taking the OTPs. Default 4. */
  phones?: number;
  /** How long, after the chaos, every recipient may take to be out. Default 10 minutes. */
  finishDeadlineMs?: number;
  log?: (line: string) => void;
}

export interface Disruption {
  /** `SIGKILL ingestion`, `broker connections`, `redis`. */
  what: string;
  /** From the disruption until the target answered ready again. */
  readyMs: number;
  /** From the disruption until a new send reached the simulator or an OTP was approved, after it was ready. */
  resumedMs: number | null;
  /** Whether the campaign was still handing out recipients when it happened. */
  campaignSending: boolean;
  note?: string;
}

export interface ChaosReport {
  recipients: number;
  disruptions: Disruption[];
  sends: SendsCheck;
  otp: OtpCheck;
  phones: PhonesCheck;
  ledger: LedgerCheck;
  outbox: OutboxCheck;
  deadLetters: DeadLetterCheck;
  redis: string;
  /**
   * How late the harness's own event loop ran (max, p99): the counting provider lives in it, so a long
   * delay means submits it took long after they were sent.
   */
  harnessDelayMs: { max: number; p99: number };
  elapsedMs: number;
  /** Every check that did not hold, in words; empty when nothing was lost, doubled or left behind. */
  problems: string[];
}

const OTP_COUNTRY = 'EG';
const OTP_CARRIER = 'Vodafone';
const HIGH_LIMIT = String(1_000_000_000);
const PROGRESS_DEADLINE_MS = 120_000;
const OTPS_AFTER_CHAOS = 5;

/**
 * Chaos that loses nothing (issue 18): a campaign of N recipients routed to a provider simulator that
 * counts every submit by message id, plus a steady OTP load delivered by pool phones, while each
 * service is SIGKILLed and restarted in turn, every broker connection is dropped and Redis is crashed
 * and restarted. Then: every recipient sent exactly once, every OTP approved or cleanly failed, every
 * ledger transaction balanced, no outbox row older than a minute, dead letters listed.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  const useRedis = (options.restartRedis ?? true) && redisServerAvailable();
  const redis = useRedis ? await PrivateRedis.start() : undefined;
  const platform = new TestPlatform({
    // A restart on a loaded machine can take minutes; giving up on it would end the run, not prove a loss.
    readyTimeoutMs: 300_000,
    settings: {
      ...E2E_TIMINGS,
      // The simulated phones live in this process, whose event loop can stall for seconds on a loaded
      // machine (4-16 s while the broker connections were dropped by one rabbitmqctl each; under 0.5 s
      // since one call drops them all): a shorter deadline blames the phones for the harness's stall, and
      // a blamed phone is out of its pools for DEVICE_COOLDOWN_SECONDS, while the run checks that the
      // phones serve again after the chaos.
      DEVICE_ACK_TIMEOUT_MS: '30000',
      DEVICE_SEND_TIMEOUT_MS: '30000',
      // Eight services at 5 connections each: `npm test` runs another file's platform beside this one,
      // and both share PostgreSQL's max_connections (100 by default).
      DATABASE_POOL_SIZE: '5',
      LOG_LEVEL: 'warn',
      ...(redis && { REDIS_URL: redis.url }),
      RATE_LIMIT_PER_KEY_PER_MINUTE: HIGH_LIMIT,
      RATE_LIMIT_PER_ORG_PER_MINUTE: HIGH_LIMIT,
      RATE_LIMIT_PER_IP_PER_MINUTE: HIGH_LIMIT,
      OTP_ORG_VELOCITY_LIMIT: HIGH_LIMIT,
      OTP_PREFIX_VELOCITY_LIMIT: HIGH_LIMIT,
      OTP_PUMPING_MIN_VOLUME: HIGH_LIMIT,
      DEVICE_DEFAULT_DAILY_QUOTA: '10000',
    },
  });
  const csv = join(tmpdir(), `zagel-chaos-${platform.namespace.name}.csv`);
  let otp: OtpLoad | undefined;
  const phones: TestPhone[] = [];
  let stopped = false;
  try {
    await platform.start();
    log(`platform up in ${((Date.now() - started) / 1000).toFixed(1)} s (namespace ${platform.namespace.name}, Redis ${redis ? `private on ${redis.port}` : 'shared, not restarted'})`);
    const provider = platform.closeOnStop(await CountingProvider.start());
    const customer = await platform.customer({ label: 'chaos', credit: options.recipients * 50 + 10_000_000 });
    const operator = await platform.asOperator();
    const account = (await operator.post('/v1/admin/providers', { name: `counting-${platform.namespace.name}`, kind: 'http', settings: provider.accountSettings() })).expectStatus(201);
    (await operator.post('/v1/admin/routes', { country: '*', organizationId: customer.organizationId, providers: [account.id] })).expectStatus(201);

    const owner = await platform.phoneOwner();
    phones.push(
      ...(await platform.phones(owner, options.phones ?? 4, { country: OTP_COUNTRY, carrier: OTP_CARRIER, latency: { minMs: 20, maxMs: 60 }, deliveredAfterMs: 100 })),
    );
    for (const { phone } of phones) keepConnected(phone, () => stopped);

    await writeRecipients(csv, options.recipients);
    const form = new FormData();
    form.append('name', 'chaos');
    form.append('ratePerSecond', String(options.ratePerSecond));
    form.append('start', 'true');
    form.append('file', await openAsBlob(csv, { type: 'text/csv' }), 'chaos.csv');
    const campaign = (await customer.app.postForm('/v1/campaigns', form, { idempotencyKey: null })).expectStatus(201);
    log(`campaign ${campaign.id}: ${campaign.totals.accepted} recipients accepted, sending at ${options.ratePerSecond}/s`);

    otp = new OtpLoad({
      app: customer.app,
      phones: () => phones,
      provider,
      perSecond: options.otpPerSecond,
      codeDeadlineMs: 45_000,
      retryDeadlineMs: 60_000,
      country: OTP_COUNTRY,
      carrier: OTP_CARRIER,
    });
    otp.start();
    const load = otp;
    const progress = () => provider.total + load.approved;
    const ingestion = platform.db('ingestion');
    const campaignSending = async () =>
      (await ingestion.one<{ sending: boolean }>(`SELECT next_position - 1 < $2 AS sending FROM campaigns WHERE id = $1`, [campaign.id, campaign.totals.accepted]))
        ?.sending ?? false;

    const disruptions: Disruption[] = [];
    /** Waits until work moves on (from `since`, at most PROGRESS_DEADLINE_MS); answers when it did, or null. */
    const resumed = async (mark: number): Promise<number | null> => {
      try {
        await until(() => progress() > mark, { what: 'a new send at the simulator or an approved OTP', deadline: PROGRESS_DEADLINE_MS, interval: 50 });
        return Date.now();
      } catch {
        return null;
      }
    };
    const disrupt = async (what: string, act: () => Promise<string | undefined>) => {
      await resumed(progress());
      const sending = await campaignSending();
      const at = Date.now();
      const note = await act();
      const readyAt = Date.now();
      const mark = progress();
      const resumedAt = await resumed(mark);
      const record: Disruption = { what, readyMs: readyAt - at, resumedMs: resumedAt === null ? null : resumedAt - at, campaignSending: sending, ...(note && { note }) };
      disruptions.push(record);
      log(`${what}: ready after ${(record.readyMs / 1000).toFixed(2)} s, work resumed after ${record.resumedMs === null ? 'never' : `${(record.resumedMs / 1000).toFixed(2)} s`}${note ? ` (${note})` : ''}`);
    };

    for (const service of options.kills ?? SERVICE_NAMES) {
      await disrupt(`SIGKILL ${service}`, async () => {
        await platform.instance(service).restart('kill');
        return undefined;
      });
    }
    if (options.dropBroker ?? true) {
      await disrupt('broker connections', async () => {
        const dropped = await dropBrokerConnections(platform.namespace.settings.RABBITMQ_URL, `${platform.namespace.name}.zagel.`);
        return `${dropped.closed.length} connections closed through ${dropped.method}`;
      });
    }
    if (redis) {
      await disrupt('redis (SIGKILL, appendonly)', async () => {
        await redis.crashAndRestart();
        return undefined;
      });
    }

    // A push lost with a killed gateway instance holds its phone's slot until the dispatcher's ack
    // deadline (DEVICE_ACK_TIMEOUT_MS, long here) gives up on its lease: "after the chaos" begins once
    // no lease the chaos left open is still waiting, so the phones are judged on what they do next.
    const disruptedUntil = new Date();
    const dispatcher = platform.db('pool-dispatcher');
    await until(
      async () =>
        (await dispatcher.one<{ open: number }>(`SELECT count(*)::int AS open FROM delivery_attempts WHERE outcome = 'leased' AND leased_at < $1`, [disruptedUntil]))
          ?.open === 0,
      { what: 'the leases the chaos left open to be settled', deadline: 120_000, interval: 500 },
    )
      .then(() => log(`the leases the chaos left open settled after ${((Date.now() - disruptedUntil.getTime()) / 1_000).toFixed(1)} s`))
      .catch((error: unknown) => log(error instanceof Error ? error.message : String(error)));
    log('chaos over; waiting for every recipient to be out…');
    const chaosOverAt = Date.now();
    await until(
      async () => {
        // Some verifications that start after the chaos show whether the phones are back in their pools.
        if (load.endedSince(chaosOverAt) < OTPS_AFTER_CHAOS) return false;
        if (await campaignSending()) return false;
        const [row] = await ingestion.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM messages WHERE campaign_id = $1 AND status NOT IN ('sent', 'delivered', 'failed', 'undelivered', 'canceled', 'expired')`,
          [campaign.id],
        );
        return row.waiting === 0;
      },
      { what: 'every recipient of the campaign to be out', deadline: options.finishDeadlineMs ?? 600_000, interval: 1_000 },
    ).catch((error: unknown) => log(error instanceof Error ? error.message : String(error)));
    const outcomes = await otp.stop();
    otp = undefined;
    await platform.drained({ deadline: 60_000 }).catch((error: unknown) => log(`not drained: ${error instanceof Error ? error.message : String(error)}`));

    const otpMessageIds = new Set(
      (
        await ingestion.query<{ id: string }>(`SELECT id FROM messages WHERE organization_id = $1 AND campaign_id IS NULL`, [customer.organizationId])
      ).map((row) => row.id),
    );
    const sends = await checkSends(platform, campaign.id, provider, otpMessageIds);
    const otpCheck = checkOtps(outcomes, chaosOverAt);
    const phonesCheck = await checkPhones(platform, operator, OTP_COUNTRY);
    const ledger = await checkLedger(platform);
    const outbox = await checkOutboxes(platform);
    const deadLetters = await checkDeadLetters(platform);
    const problems: string[] = [];
    if (sends.recipients !== options.recipients) problems.push(`${sends.recipients} recipients recorded of ${options.recipients}`);
    if (sends.duplicates > 0) problems.push(`${sends.duplicates} recipients sent more than once: ${sends.examples.duplicates.join(', ')}`);
    if (sends.missing > 0) problems.push(`${sends.missing} recipients never reached the provider: ${sends.examples.missing.join(', ')}`);
    if (sends.stuck > 0) problems.push(`${sends.stuck} recipients still waiting: ${sends.examples.stuck.join(', ')}`);
    if (sends.strangers > 0) problems.push(`${sends.strangers} submits for unknown message ids`);
    if (otpCheck.afterChaos.started > 0 && otpCheck.afterChaos.viaPhone === 0) {
      problems.push(`none of the ${otpCheck.afterChaos.started} verifications started after the chaos reached a pool phone: the phones did not come back to their pools`);
    }
    if (otpCheck.hung > 0) problems.push(`${otpCheck.hung} verifications without a final status`);
    if (ledger.unbalanced > 0) problems.push(`${ledger.unbalanced} ledger transactions do not balance`);
    if (outbox.olderThanMinute > 0) problems.push(`${outbox.olderThanMinute} outbox rows unpublished for over a minute`);
    for (const queue of deadLetters.queues) problems.push(`${queue.messages} dead letters in ${queue.queue}: ${queue.samples.join(' | ')}`);
    for (const disruption of disruptions.filter((candidate) => candidate.resumedMs === null)) problems.push(`work never resumed after ${disruption.what}`);
    return {
      recipients: options.recipients,
      disruptions,
      sends,
      otp: otpCheck,
      phones: phonesCheck,
      ledger,
      outbox,
      deadLetters,
      redis: redis ? `private redis-server (appendonly yes, appendfsync everysec) on port ${redis.port}` : 'shared Redis (not restarted)',
      harnessDelayMs: { max: loopDelay.max / 1e6, p99: loopDelay.percentile(99) / 1e6 },
      elapsedMs: Date.now() - started,
      problems,
    };
  } finally {
    loopDelay.disable();
    stopped = true;
    await otp?.stop().catch(() => undefined);
    rmSync(csv, { force: true });
    await platform.stop();
    await redis?.stop();
  }
}

/** A real device agent reconnects when the gateway goes away (a restart, a dropped socket); the simulated one does not by itself. */
function keepConnected(phone: TestPhone['phone'], stopped: () => boolean): void {
  phone.on('disconnected', () => {
    const retry = (delayMs: number) =>
      setTimeout(() => {
        if (stopped() || phone.connected) return;
        phone.connect().catch(() => retry(Math.min(delayMs * 2, 2_000)));
      }, delayMs).unref();
    retry(200);
  });
}

/** N distinct valid US numbers, each with a one-segment promotional text. */
async function writeRecipients(path: string, rows: number): Promise<void> {
  const file = createWriteStream(path);
  file.write('phone,message\n');
  for (let index = 0; index < rows; index += 1) {
    if (!file.write(`+1415${2_000_000 + index * 7},Chaos offer ${index}: 20% off\n`)) await once(file, 'drain');
  }
  file.end();
  await once(file, 'finish');
}
