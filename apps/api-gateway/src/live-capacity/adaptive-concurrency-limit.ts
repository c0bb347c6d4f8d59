/** How a live request ended, as the limit learns from it. */
export type LiveOutcome =
  /** Answered: its latency is a sample. */
  | 'answered'
  /** A service behind the gateway refused it or ran out of time (503, 504): the platform is past its capacity. */
  | 'overloaded'
  /** The client went away before the answer: the slot frees, the latency says nothing. */
  | 'abandoned';

/** One admitted request: when it started, and under which limit it was admitted. */
export interface LiveTicket {
  readonly startedAtMs: number;
  readonly epoch: number;
}

export interface AdaptiveLimitBounds {
  /** The limit never goes below it (a platform slower than the target still serves this many at once). */
  minLimit: number;
  /** The limit never goes above it (GATEWAY_LIVE_MAX_IN_FLIGHT). */
  maxLimit: number;
  /** The highest latency the limit aims for, however slow the idle platform became (GATEWAY_LIVE_LATENCY_TARGET_MS). */
  latencyCeilingMs: number;
  /** Where the limit starts, within the bounds; it grows from there while latency stays under the target. */
  initialLimit?: number;
}

/** The target is this many times the idle latency, within MIN_TARGET_MS and the ceiling. */
export const IDLE_LATENCY_TOLERANCE = 4;
/** Below this the target would follow noise (a timer tick, a GC pause) rather than queueing. */
export const MIN_TARGET_MS = 25;
/** The limit is multiplied by this when a window's latency is over the target or a service said it is overloaded. */
export const BACKOFF_RATIO = 0.8;
/** A window needs at least this many samples, and as many as the limit (about one round of the requests in flight). */
const MIN_WINDOW_SAMPLES = 5;
/** How fast the idle latency follows a window's fastest answer upwards (downwards it follows at once). */
const IDLE_DRIFT = 0.05;
const DEFAULT_INITIAL_LIMIT = 20;

/**
 * An AIMD concurrency limit on observed latency (the shape of Netflix's concurrency-limits): the
 * number of live requests admitted at once grows by one per window of answers whose mean latency is
 * under the target, and shrinks by BACKOFF_RATIO when the mean is over it or a service behind
 * answered that it is overloaded; latency moves it only in windows where at least half the limit
 * was in flight at some point. A window is about one limit's worth of answers; answers to requests
 * admitted before the last change of limit are not counted, so one slow burst shrinks the limit once.
 * The target is the idle latency (the fastest answer seen, drifting slowly up when the platform's
 * own speed changes) times IDLE_LATENCY_TOLERANCE, within MIN_TARGET_MS and the configured ceiling.
 * By Little's law the limit settles near throughput × target: past the platform's capacity, accepted
 * requests wait about the target and the rest are refused at once. Pure logic: the caller passes the clock.
 */
export class AdaptiveConcurrencyLimit {
  private current: number;
  private running = 0;
  private epoch = 0;
  private idleMs: number | undefined;
  private windowSamples = 0;
  private windowTotalMs = 0;
  private windowFastestMs = Number.POSITIVE_INFINITY;
  private windowOverloaded = false;
  /** The most requests in flight during the window: latency moves the limit only when the limit was in use. */
  private windowPeak = 0;

  constructor(private readonly bounds: AdaptiveLimitBounds) {
    if (!(bounds.minLimit >= 1 && bounds.minLimit <= bounds.maxLimit)) {
      throw new RangeError(`live limit bounds must satisfy 1 ≤ min ≤ max, not ${bounds.minLimit}..${bounds.maxLimit}`);
    }
    this.current = this.clamp(bounds.initialLimit ?? DEFAULT_INITIAL_LIMIT);
  }

  /** How many requests may be in flight now. */
  get limit(): number {
    return Math.floor(this.current);
  }

  get inFlight(): number {
    return this.running;
  }

  /** The latency the limit aims for now. */
  get targetMs(): number {
    const fromIdle = this.idleMs === undefined ? this.bounds.latencyCeilingMs : this.idleMs * IDLE_LATENCY_TOLERANCE;
    return Math.min(this.bounds.latencyCeilingMs, Math.max(MIN_TARGET_MS, fromIdle));
  }

  /** A ticket when the request may go ahead, undefined when it must be refused now. */
  tryAcquire(nowMs: number): LiveTicket | undefined {
    if (this.running >= this.limit) return undefined;
    this.running += 1;
    if (this.running > this.windowPeak) this.windowPeak = this.running;
    return { startedAtMs: nowMs, epoch: this.epoch };
  }

  /** Frees the ticket's slot and learns from how the request ended. */
  release(ticket: LiveTicket, nowMs: number, outcome: LiveOutcome): void {
    this.running -= 1;
    if (outcome === 'abandoned' || ticket.epoch !== this.epoch) return;
    if (outcome === 'overloaded') this.windowOverloaded = true;
    const latencyMs = Math.max(0, nowMs - ticket.startedAtMs);
    this.windowSamples += 1;
    this.windowTotalMs += latencyMs;
    if (latencyMs < this.windowFastestMs) this.windowFastestMs = latencyMs;
    if (this.windowOverloaded || this.windowSamples >= Math.max(MIN_WINDOW_SAMPLES, this.limit)) this.closeWindow();
  }

  private closeWindow(): void {
    this.learnIdle(this.windowFastestMs);
    const meanMs = this.windowTotalMs / this.windowSamples;
    const target = this.targetMs;
    const before = this.limit;
    // Latency says something about the limit only when the limit was in use: a few slow answers on a
    // quiet gateway (a busy machine, a slow dependency) are not queueing that a lower limit would cut.
    const limitInUse = this.windowPeak * 2 >= before;
    if (this.windowOverloaded || (limitInUse && meanMs > target)) {
      this.current = this.clamp(this.current * BACKOFF_RATIO);
    } else if (limitInUse && meanMs <= target) {
      // Far under the target, grow faster: a limit of 4 reaching 100 one step per window takes too long.
      const step = meanMs * 2 <= target ? Math.max(1, Math.floor(Math.sqrt(this.current))) : 1;
      this.current = this.clamp(this.current + step);
    }
    if (this.limit < before) this.epoch += 1;
    this.windowSamples = 0;
    this.windowTotalMs = 0;
    this.windowFastestMs = Number.POSITIVE_INFINITY;
    this.windowOverloaded = false;
    this.windowPeak = this.running;
  }

  private learnIdle(fastestMs: number): void {
    if (!Number.isFinite(fastestMs)) return;
    if (this.idleMs === undefined || fastestMs < this.idleMs) this.idleMs = fastestMs;
    else this.idleMs += (fastestMs - this.idleMs) * IDLE_DRIFT;
  }

  private clamp(limit: number): number {
    return Math.min(this.bounds.maxLimit, Math.max(this.bounds.minLimit, limit));
  }
}
