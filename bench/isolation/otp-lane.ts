import { ReceivedMessage } from '@zagel/device-simulator';
import { ApiError } from '@zagel/sdk';
import { LatencySummary, summarizeLatencies } from '../common';
import { vodafoneEgNumber } from '../otp/bench-fleet';

const RECIPIENT_OFFSET = 60_000_000;
const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface OtpSample {
  to: string;
  scheduledAt: number;
  answeredAt?: number;
  accepted: boolean;
  /** The verification's id, once accepted. */
  verificationId?: string;
  /** The problem code (or error text) of a refused request. */
  refusal?: string;
}

/** What the platform says of an accepted OTP no phone received. */
export interface MissingOtp {
  what: string;
  /** Its send went to a provider: delivered another way, not lost. */
  viaProvider: boolean;
}

export interface OtpFigures {
  sent: number;
  refused: number;
  refusals: Record<string, number>;
  arrived: number;
  /** Accepted, no phone received it, and the platform sent it through a provider (after DEVICE_MAX_ATTEMPTS phones, or none could take it): not lost. */
  viaProvider: number;
  missing: number;
  /** What the platform says of each missing OTP's message: `status via route (error)` → count. */
  missingAs: Record<string, number>;
  /** Request scheduled → the phone receives `sms:send`, ms. */
  latency: LatencySummary;
  /** Where the time of the OTPs over `limitMs` went (all of them, when none was late). */
  lateSegments: OtpSegments;
}

/** An OTP's way in three legs, ms: HTTP answer; answer → `message.requested` on the bus (otp's outbox relay); bus → phone (dispatcher, device-gateway). */
export interface OtpSegments {
  count: number;
  answer: LatencySummary;
  toBus: LatencySummary;
  toPhone: LatencySummary;
}

/**
 * The live lane as a customer drives it: `POST /v1/verifications` at a steady rate, open loop (each
 * request has its scheduled time, so a stalled platform cannot hide its queue), each to a number of
 * its own, and the moment a simulated phone receives `sms:send` for it.
 */
export class OtpLane {
  private next = 0;
  private readonly arrivals = new Map<string, number>();
  private readonly requestedAt = new Map<string, number>();

  constructor(
    private readonly rate: number,
    private readonly start: (to: string) => Promise<{ id: string }>,
  ) {}

  /** Feed of the phones' received messages. */
  readonly received = (message: ReceivedMessage): void => {
    if (!this.arrivals.has(message.to)) this.arrivals.set(message.to, Number(message.receivedAtNs) / 1e6);
  };

  /** Feed of `message.requested` as the bus carries it to the dispatcher. */
  readonly requested = (to: string): void => {
    if (!this.requestedAt.has(to)) this.requestedAt.set(to, nowMs());
  };

  /** Sends at the rate until `until()` says stop (checked every request) or `maxSeconds` passed. */
  async run(until: () => boolean, maxSeconds: number, minSeconds = 0): Promise<OtpSample[]> {
    const samples: OtpSample[] = [];
    const pending: Promise<void>[] = [];
    const begin = nowMs() + 5;
    for (let index = 0; ; index += 1) {
      const scheduledAt = begin + (index * 1_000) / this.rate;
      const elapsed = (scheduledAt - begin) / 1_000;
      if (elapsed >= maxSeconds || (elapsed >= minSeconds && until())) break;
      const wait = scheduledAt - nowMs();
      if (wait > 1) await sleep(wait);
      const sample: OtpSample = { to: vodafoneEgNumber(RECIPIENT_OFFSET, this.next), scheduledAt, accepted: false };
      this.next += 1;
      samples.push(sample);
      pending.push(
        this.start(sample.to).then(
          (verification) => {
            sample.answeredAt = nowMs();
            sample.accepted = true;
            sample.verificationId = verification.id;
          },
          (error: unknown) => {
            sample.answeredAt = nowMs();
            sample.refusal =
              error instanceof ApiError ? `${error.status} ${error.code ?? ''}`.trim() : error instanceof Error ? error.message.slice(0, 80) : String(error);
          },
        ),
      );
    }
    await Promise.all(pending);
    return samples;
  }

  /** Waits until every accepted request reached a phone, or none arrived for `quietMs`. */
  async settle(samples: readonly OtpSample[], quietMs: number): Promise<void> {
    let seen = this.arrivals.size;
    let lastProgress = Date.now();
    while (Date.now() - lastProgress < quietMs && samples.some((sample) => sample.accepted && !this.arrivals.has(sample.to))) {
      await sleep(50);
      if (this.arrivals.size !== seen) [seen, lastProgress] = [this.arrivals.size, Date.now()];
    }
  }

  latencies(samples: readonly OtpSample[]): number[] {
    return samples.flatMap((sample) => {
      const at = this.arrivals.get(sample.to);
      return sample.accepted && at !== undefined ? [at - sample.scheduledAt] : [];
    });
  }

  /** The accepted OTPs no phone received. */
  missing(samples: readonly OtpSample[]): OtpSample[] {
    return samples.filter((sample) => sample.accepted && !this.arrivals.has(sample.to));
  }

  /** The legs of the arrived OTPs over `limitMs` (of every arrived one, when none is over). */
  segments(samples: readonly OtpSample[], limitMs: number): OtpSegments {
    const legs = samples.flatMap((sample) => {
      const arrived = this.arrivals.get(sample.to);
      const onBus = this.requestedAt.get(sample.to);
      if (!sample.accepted || sample.answeredAt === undefined || arrived === undefined || onBus === undefined) return [];
      return [{ total: arrived - sample.scheduledAt, answer: sample.answeredAt - sample.scheduledAt, toBus: onBus - sample.answeredAt, toPhone: arrived - onBus }];
    });
    const late = legs.filter((leg) => leg.total > limitMs);
    const chosen = late.length > 0 ? late : legs;
    return {
      count: late.length,
      answer: summarizeLatencies(chosen.map((leg) => leg.answer)),
      toBus: summarizeLatencies(chosen.map((leg) => leg.toBus)),
      toPhone: summarizeLatencies(chosen.map((leg) => leg.toPhone)),
    };
  }

  async figures(samples: readonly OtpSample[], explain: (sample: OtpSample) => Promise<MissingOtp>, limitMs = Infinity): Promise<OtpFigures> {
    const refusals: Record<string, number> = {};
    for (const sample of samples) if (sample.refusal) refusals[sample.refusal] = (refusals[sample.refusal] ?? 0) + 1;
    const latencies = this.latencies(samples);
    const accepted = samples.filter((sample) => sample.accepted).length;
    const missingAs: Record<string, number> = {};
    let viaProvider = 0;
    for (const sample of this.missing(samples)) {
      const { what, viaProvider: provider } = await explain(sample);
      if (provider) viaProvider += 1;
      else missingAs[what] = (missingAs[what] ?? 0) + 1;
    }
    return {
      missingAs,
      sent: samples.length,
      refused: samples.length - accepted,
      refusals,
      arrived: latencies.length,
      viaProvider,
      missing: accepted - latencies.length - viaProvider,
      latency: summarizeLatencies(latencies),
      lateSegments: this.segments(samples, limitMs),
    };
  }
}
