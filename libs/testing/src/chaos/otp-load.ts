import { randomUUID } from 'node:crypto';
import { generateMobileNumber } from '@zagel/device-simulator';
import { PublicApiClient } from '@zagel/sdk';
import { TestPhone } from '../platform/phones';
import { otpCodeIn } from '../platform/phones';
import { CountingProvider } from './counting-provider';

/** How one verification of the load ended. */
export interface OtpOutcome {
  to: string;
  verificationId?: string;
  /**
   * `approved`: checked with the code the phone (or provider) received. `failed`: a clear final status
   * other than approved (canceled after its code never came, expired). `refused`: the API said no to
   * the request itself, so no session exists. `hung`: a session without a final status: the failure.
   */
  result: 'approved' | 'failed' | 'refused' | 'hung';
  /** The session's last status, or why it was refused. */
  status: string;
  /** Where the code came from. */
  via?: 'phone' | 'provider';
  /** When it was started (ms since the epoch). */
  startedAt: number;
  elapsedMs: number;
}

export interface OtpLoadOptions {
  app: PublicApiClient;
  phones: () => readonly TestPhone[];
  provider: CountingProvider;
  perSecond: number;
  /** How long a verification waits for its code before it is canceled. */
  codeDeadlineMs: number;
  /** How long a request keeps being retried while the platform is down (same Idempotency-Key). */
  retryDeadlineMs: number;
  country: string;
  carrier: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const FINAL = new Set(['approved', 'canceled', 'expired', 'max_attempts_reached']);

/**
 * A steady stream of verifications, each started, its code picked up where it arrived (a pool phone or
 * the provider simulator), and checked; one whose code never arrives is canceled, so every session
 * ends with a status a customer can act on.
 */
export class OtpLoad {
  readonly outcomes: OtpOutcome[] = [];
  private readonly running = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: OtpLoadOptions) {}

  start(): void {
    this.timer = setInterval(() => {
      const work = this.verifyOne().finally(() => this.running.delete(work));
      this.running.add(work);
    }, 1_000 / this.options.perSecond);
  }

  /** Stops starting new verifications and waits for those under way. */
  async stop(): Promise<OtpOutcome[]> {
    clearInterval(this.timer);
    while (this.running.size > 0) await Promise.all([...this.running]);
    return this.outcomes;
  }

  /** Verifications started at or after `since` (ms) that have ended. */
  endedSince(since: number): number {
    return this.outcomes.filter((outcome) => outcome.startedAt >= since).length;
  }

  /** Approved verifications so far: progress of the live lane. */
  get approved(): number {
    return this.outcomes.filter((outcome) => outcome.result === 'approved').length;
  }

  private async verifyOne(): Promise<void> {
    const started = Date.now();
    const to = await generateMobileNumber(this.options.country, this.options.carrier);
    this.options.provider.watch(to);
    try {
      const outcome = await this.run(to);
      this.outcomes.push({ ...outcome, to, startedAt: started, elapsedMs: Date.now() - started });
    } finally {
      this.options.provider.forget(to);
    }
  }

  private async run(to: string): Promise<Omit<OtpOutcome, 'to' | 'startedAt' | 'elapsedMs'>> {
    const created = await this.call('POST', '/v1/verifications', { to });
    if (!created.ok) return { result: 'refused', status: created.status };
    const id = (created.json as { id: string }).id;
    const code = await this.codeFor(to);
    if (code) {
      const checked = await this.call('POST', '/v1/verifications/check', { verificationId: id, code: code.code });
      const status = checked.ok ? String((checked.json as { status?: string }).status) : checked.status;
      if (status === 'approved') return { verificationId: id, result: 'approved', status, via: code.via };
    }
    // Its code never came (or the check was refused): a customer cancels it and offers another.
    await this.call('POST', `/v1/verifications/${id}/cancel`, {});
    const read = await this.call('GET', `/v1/verifications/${id}`);
    const status = read.ok ? String((read.json as { status?: string }).status) : read.status;
    return { verificationId: id, result: FINAL.has(status) && status !== 'approved' ? 'failed' : status === 'approved' ? 'approved' : 'hung', status };
  }

  private async codeFor(to: string): Promise<{ code: string; via: 'phone' | 'provider' } | undefined> {
    const deadline = Date.now() + this.options.codeDeadlineMs;
    while (Date.now() < deadline) {
      for (const { phone } of this.options.phones()) {
        const sms = phone.received.find((message) => message.to === to);
        if (sms) return { code: otpCodeIn(sms.body), via: 'phone' };
      }
      const text = this.options.provider.textsTo(to)[0];
      if (text) return { code: otpCodeIn(text), via: 'provider' };
      await sleep(100);
    }
    return undefined;
  }

  /**
   * One call, retried with the same Idempotency-Key while the platform cannot answer (a process down,
   * 503 while a dependency restarts); a 4xx is an answer and is returned.
   */
  private async call(method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ ok: boolean; status: string; json?: unknown }> {
    const idempotencyKey = randomUUID();
    const deadline = Date.now() + this.options.retryDeadlineMs;
    let last = 'unreachable';
    while (Date.now() < deadline) {
      try {
        const reply = await this.options.app.request(method, url, { ...(body !== undefined && { body }), idempotencyKey, signal: AbortSignal.timeout(10_000) });
        if (reply.status < 300) return { ok: true, status: String(reply.status), json: reply.json };
        last = `${reply.status} ${String((reply.json as { code?: string } | undefined)?.code ?? '')}`.trim();
        // 409 idempotency_in_progress: the same request, cut off by a restart, is still being answered.
        const again = reply.status >= 500 || reply.status === 429 || reply.status === 401 || last === '409 idempotency_in_progress';
        if (!again) return { ok: false, status: last };
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      await sleep(250);
    }
    return { ok: false, status: last };
  }
}
