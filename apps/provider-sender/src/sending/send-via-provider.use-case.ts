import { Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { SendViaProvider, SendViaProviderPayload, SmsFormat } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { normalizePhoneNumber } from '@zagel/phone';
import { measureMessage, WireEncoding } from '@zagel/sms-encoding';
import { OutboundSms, ProviderAdapter, ProviderError, SubmitResult } from '../adapters/provider-adapter';
import { RECIPIENT_ERROR_CODES } from '../adapters/recipient-errors';
import { ProviderAccount } from '../accounts/provider-account';
import { ProviderCatalog } from '../accounts/provider-catalog';
import { parsePollDelays, pollPlan } from '../polling/poll-schedule';
import { ProviderSenderConfig } from '../config';
import { CircuitBreaker } from '../health/circuit-breaker';
import { ProviderStats } from '../health/provider-stats';
import { pickRoute, ProviderRoute } from '../routes/provider-route';
import { ProviderThrottle } from '../throttling/provider-throttle';
import { Attempt, DeliveriesRepository, Delivery } from './deliveries.repository';
import { acceptanceWindowMs, asProviderError, mayStillBeTaken, submittedDespite, withTimeout } from './provider-call';
import { ProviderEligibility, UNSUPPORTED_TYPE } from './provider-eligibility';
import { chooseTemplate, TemplateChoice } from './provider-template-choice';
import { retryDelayMs } from './retry-backoff';

/** How long one handler waits in-process for a rate-limit token or a concurrency slot before re-queueing. */
const MAX_INLINE_WAIT_MS = 1_000;
/**
 * How many times a message whose every provider is circuit-open waits a cool-down for a half-open
 * probe before it fails: a short outage of a one-provider chain delays messages instead of failing them.
 */
export const MAX_CIRCUIT_DEFERRALS = 3;
const SELF = { service: 'provider-sender' } as const;

export type SendOutcome =
  | 'accepted'
  | 'retry_scheduled'
  | 'throttled'
  | 'deferred'
  | 'failed'
  | 'expired'
  | 'already_handled'
  | 'no_route';

type SubmitOutcome =
  | { kind: 'accepted'; providerMessageId: string }
  | { kind: 'failed'; error: ProviderError }
  | { kind: 'throttled'; waitMs: number }
  | { kind: 'duplicate' };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Measured = { segments: number; encoding: WireEncoding };

/** A message whose `from` is not among the senders its route registers for the organization. */
export const SENDER_ID_NOT_REGISTERED = 'sender_id_not_registered';

/** Whether a message may go out from `from`: no sender asked for (the account's own), or one its route lists. */
export function senderAllowed(route: ProviderRoute | undefined, from: string | undefined): boolean {
  return from === undefined || (route?.senders.includes(from) ?? false);
}

/** What an adapter gets besides the text: the sender (the message's own, else the account's), the format and its UDH. */
export function outboundShape(
  message: { format?: SmsFormat; udh?: string; from?: string },
  account: ProviderAccount,
): Pick<OutboundSms, 'from' | 'format' | 'udh'> {
  const from = message.from ?? account.senderId ?? undefined;
  return {
    ...(from !== undefined && { from }),
    ...(message.format && message.format !== 'text' && { format: message.format }),
    ...(message.udh && { udh: message.udh }),
  };
}

/**
 * Sends one message down its provider chain. Per position: skip a provider that is gone, disabled,
 * circuit-open or too short for the message; wait for its rate limit and concurrency cap; record the try
 * (committed) before submitting, so a redelivered command never submits the same try again. A transient
 * failure is retried on the same provider after a backoff (the command comes back through a delay queue)
 * up to PROVIDER_MAX_RETRIES times, then the chain moves on; a permanent error about the recipient fails
 * the message at once; `failed` with `all_providers_failed` only when the chain is used up.
 */
@Injectable()
export class SendViaProviderUseCase {
  private readonly logger = new Logger(SendViaProviderUseCase.name);
  private readonly pollDelays: number[];

  constructor(
    private readonly catalog: ProviderCatalog,
    private readonly deliveries: DeliveriesRepository,
    private readonly circuits: CircuitBreaker,
    private readonly throttle: ProviderThrottle,
    private readonly stats: ProviderStats,
    private readonly bus: Bus,
    private readonly settings: ProviderSenderConfig,
    private readonly eligibility: ProviderEligibility,
  ) {
    this.pollDelays = parsePollDelays(settings.DELIVERY_POLL_DELAYS_MS);
  }

  async execute(command: SendViaProviderPayload): Promise<SendOutcome> {
    const delivery = await this.open(command);
    if (!delivery) return 'no_route';
    if (delivery.status !== 'pending') return 'already_handled';
    let attempts = delivery.created ? [] : await this.deliveries.attempts(command.messageId);
    const orphans = await this.deliveries.orphaned(attempts);
    if (orphans.length > 0) {
      const settled = await this.settleOrphans(command, delivery, orphans);
      if (settled) return settled;
      attempts = await this.deliveries.attempts(command.messageId);
    }
    // A try in flight is never submitted again: at most once.
    if (attempts.some((attempt) => attempt.state !== 'failed')) return 'already_handled';
    const settled = await this.settleLostAnswer(command, delivery, attempts.at(-1));
    if (settled) return settled;

    const { segments, encoding } = measureMessage(command.format, command.body, command.udh);
    let lastError = attempts.at(-1)?.errorCode ?? undefined;
    const skipped = new Set<string>();
    let submitted = false;
    for (let position = delivery.position; position < delivery.chain.length; position += 1) {
      if (this.expired(command)) return this.expire(command);
      const account = await this.catalog.account(delivery.chain[position]);
      const skip = await this.eligibility.reasonToSkip(account, segments, undefined, command);
      if (skip || !account) {
        lastError = skip ?? 'provider_missing';
        skipped.add(lastError);
        continue;
      }
      const tries = attempts.filter((attempt) => attempt.chainPosition === position).length;
      if (tries > this.settings.PROVIDER_MAX_RETRIES) continue;
      const choice = await this.templateChoice(command, delivery, position, account);
      if (choice.send === 'nothing') {
        await this.passOver(command.messageId, position, tries + 1, account, choice.reason);
        lastError = choice.reason;
        continue;
      }

      const outcome = await this.submit(command, delivery, position, tries + 1, account, { segments, encoding }, choice);
      submitted ||= outcome.kind === 'accepted' || outcome.kind === 'failed';
      if (outcome.kind === 'accepted') return 'accepted';
      if (outcome.kind === 'duplicate') return 'already_handled';
      if (outcome.kind === 'throttled') {
        await this.deliveries.moveTo(command.messageId, position);
        await this.bus.sendDelayed(SendViaProvider, SELF, { ...command, chainPosition: position }, outcome.waitMs);
        return 'throttled';
      }
      const error = outcome.error;
      lastError = error.code;
      if (error.kind === 'permanent' && RECIPIENT_ERROR_CODES.has(error.code)) {
        await this.deliveries.finish(command.messageId, { status: 'failed', provider: account.name, errorCode: error.code });
        return 'failed';
      }
      const mayBeTakenLate = mayStillBeTaken(error.code, this.catalog.adapterFor(account));
      if (error.kind === 'transient' && tries + 1 <= this.settings.PROVIDER_MAX_RETRIES) {
        const backoffMs = retryDelayMs(tries + 1, {
          baseMs: this.settings.PROVIDER_RETRY_BASE_DELAY_MS,
          maxMs: this.settings.PROVIDER_RETRY_MAX_DELAY_MS,
          retryAfterMs: error.retryAfterMs,
        });
        const delayMs = mayBeTakenLate ? Math.max(backoffMs, acceptanceWindowMs(this.settings)) : backoffMs;
        await this.bus.sendDelayed(SendViaProvider, SELF, { ...command, chainPosition: position }, delayMs);
        return 'retry_scheduled';
      }
      if (mayBeTakenLate) {
        // Neither the next provider nor a final `failed` before this one has had its window to take it.
        await this.deliveries.moveTo(command.messageId, position + 1);
        await this.bus.sendDelayed(SendViaProvider, SELF, { ...command, chainPosition: position + 1 }, acceptanceWindowMs(this.settings));
        return 'retry_scheduled';
      }
    }
    const onlyOpenCircuits = !submitted && skipped.size === 1 && skipped.has('circuit_open');
    if (onlyOpenCircuits && (await this.deliveries.defer(command.messageId, MAX_CIRCUIT_DEFERRALS))) {
      await this.bus.sendDelayed(SendViaProvider, SELF, command, this.settings.PROVIDER_CIRCUIT_COOLDOWN_MS);
      return 'deferred';
    }
    if (!submitted && skipped.size === 1 && skipped.has(UNSUPPORTED_TYPE)) {
      await this.deliveries.finish(command.messageId, { status: 'failed', errorCode: UNSUPPORTED_TYPE });
      return 'failed';
    }
    await this.deliveries.finish(command.messageId, {
      status: 'failed',
      errorCode: 'all_providers_failed',
      ...(lastError !== undefined && { lastErrorCode: lastError }),
    });
    return 'failed';
  }

  /**
   * Tries a crash cut off between recording and recording the outcome (their process is gone). The
   * provider is asked where it can answer: a submit it holds is `sent` as if the response had come; one
   * that never arrived is a failed try, and the chain goes on as after any failure. Where it cannot
   * answer, the message fails (`submit_outcome_unknown`) rather than risk being sent twice.
   */
  private async settleOrphans(command: SendViaProviderPayload, delivery: Delivery, orphans: Attempt[]): Promise<SendOutcome | undefined> {
    for (const orphan of orphans) {
      const account = await this.catalog.account(orphan.providerId);
      const adapter = account ? this.catalog.adapterFor(account) : undefined;
      if (!account || !adapter?.findSubmitted) {
        await this.deliveries.recordFailure(orphan.id, 'outcome_unknown', 0);
        await this.deliveries.finish(command.messageId, { status: 'failed', provider: orphan.providerName, errorCode: 'submit_outcome_unknown' });
        this.logger.warn(`message ${command.messageId}: a crash cut off its try on ${orphan.providerName}, which cannot say whether it arrived: failed, not resent`);
        return 'failed';
      }
      const found = await adapter.findSubmitted(this.outbound(command, account));
      if (found) {
        await this.deliveries.recordAccepted(delivery, orphan.id, account, found.providerMessageId, 0);
        return 'accepted';
      }
      await this.deliveries.recordFailure(orphan.id, 'not_submitted', 0);
    }
    return undefined;
  }

  /**
   * The last try got no answer (timeout, lost connection) from a provider that can say whether it holds
   * the message. A provider may take a submit after Zagel stopped waiting, so before anything else is
   * sent the handling waits out the provider's acceptance window (coming back through the delay queue,
   * the consumer free meanwhile), then asks: held → `sent` with its id, as if the answer had come; not
   * held → undefined, and the chain goes on. A lookup that fails throws: the bus retries the command,
   * and nothing is resubmitted on a guess.
   */
  private async settleLostAnswer(command: SendViaProviderPayload, delivery: Delivery, last: Attempt | undefined): Promise<SendOutcome | undefined> {
    if (!last?.errorCode) return undefined;
    const account = await this.catalog.account(last.providerId);
    const adapter = account ? this.catalog.adapterFor(account) : undefined;
    if (!account || !adapter?.findSubmitted || !mayStillBeTaken(last.errorCode, adapter)) return undefined;
    const waitMs = acceptanceWindowMs(this.settings) - last.ageMs;
    if (waitMs > 0) {
      await this.bus.sendDelayed(SendViaProvider, SELF, command, waitMs);
      return 'retry_scheduled';
    }
    const held = await adapter.findSubmitted(this.outbound(command, account));
    if (!held) return undefined;
    const poll = adapter.pollReports ? pollPlan(this.pollDelays, this.settings.DELIVERY_POLL_MAX_AGE_MS, command.expiresAt) : undefined;
    await this.deliveries.recordAccepted(delivery, last.id, account, held.providerMessageId, last.latencyMs ?? 0, poll);
    this.logger.log(`message ${command.messageId}: ${account.name} took the try that got no answer (${last.errorCode}); not sent again`);
    return 'accepted';
  }

  private outbound(command: SendViaProviderPayload, account: ProviderAccount): OutboundSms {
    const reportUrl = this.catalog.reportUrlFor(account);
    const { encoding, segments } = measureMessage(command.format, command.body, command.udh);
    return {
      messageId: command.messageId,
      to: command.to,
      body: command.body,
      ...outboundShape(command, account),
      encoding,
      segments,
      ...(reportUrl !== null && { statusCallbackUrl: reportUrl }),
    };
  }

  private async open(command: SendViaProviderPayload): Promise<Delivery | undefined> {
    const country = normalizePhoneNumber(command.to);
    const route = pickRoute(await this.catalog.allRoutes(), {
      country: country.ok ? country.country : 'ZZ',
      messageType: command.messageType,
      organizationId: command.organizationId,
    });
    // A pinned account (an answer from the number that was written to) is the whole chain.
    const chain = command.providerAccountId ? [command.providerAccountId] : (route?.providers ?? []);
    const delivery = await this.deliveries.open(command.messageId, command.organizationId, chain, command.chainPosition, command.origin);
    if (delivery.status !== 'pending') return delivery;
    if (delivery.chain.length === 0) {
      await this.deliveries.finish(command.messageId, { status: 'failed', errorCode: 'no_route' });
      return undefined;
    }
    if (!command.providerAccountId && !senderAllowed(route, command.from)) {
      await this.deliveries.finish(command.messageId, { status: 'failed', errorCode: SENDER_ID_NOT_REGISTERED });
      return undefined;
    }
    return delivery;
  }

  private expired(command: SendViaProviderPayload): boolean {
    return command.expiresAt !== undefined && Date.parse(command.expiresAt) <= Date.now();
  }

  private async expire(command: SendViaProviderPayload): Promise<SendOutcome> {
    await this.deliveries.finish(command.messageId, { status: 'expired', errorCode: 'expired' });
    return 'expired';
  }

  private async templateChoice(command: SendViaProviderPayload, delivery: Delivery, position: number, account: ProviderAccount): Promise<TemplateChoice> {
    if (!command.template) return { send: 'text' };
    const later = await Promise.all(delivery.chain.slice(position + 1).map((id) => this.catalog.account(id)));
    return chooseTemplate(command.template, this.catalog.adapterFor(account), account, later.filter((found) => found !== undefined));
  }

  /** A provider the message cannot use (its template has no code there): recorded as a failed try, so the trail says why. */
  private async passOver(messageId: string, position: number, tryNumber: number, account: ProviderAccount, reason: string): Promise<void> {
    const attemptId = await this.deliveries.recordSubmitting(messageId, { chainPosition: position, try: tryNumber, providerId: account.id, providerName: account.name });
    if (attemptId) await this.deliveries.recordFailure(attemptId, reason, 0);
  }

  private async submit(
    command: SendViaProviderPayload,
    delivery: Delivery,
    position: number,
    tryNumber: number,
    account: ProviderAccount,
    measured: Measured,
    choice: TemplateChoice,
  ): Promise<SubmitOutcome> {
    const waitMs = await this.waitForToken(account);
    if (waitMs > 0) return { kind: 'throttled', waitMs };
    const holder = uuidv7();
    const leaseMs = this.settings.PROVIDER_SUBMIT_TIMEOUT_MS + 5_000;
    if (account.maxConcurrency !== null && !(await this.waitForSlot(account, account.maxConcurrency, holder, leaseMs))) {
      return { kind: 'throttled', waitMs: MAX_INLINE_WAIT_MS };
    }
    try {
      const attemptId = await this.deliveries.recordSubmitting(command.messageId, {
        chainPosition: position,
        try: tryNumber,
        providerId: account.id,
        providerName: account.name,
      });
      if (!attemptId) return { kind: 'duplicate' };
      return await this.call(this.catalog.adapterFor(account), command, delivery, account, attemptId, measured, choice);
    } finally {
      if (account.maxConcurrency !== null) await this.throttle.releaseSlot(account.id, holder);
    }
  }

  private async call(
    adapter: ProviderAdapter,
    command: SendViaProviderPayload,
    delivery: Delivery,
    account: ProviderAccount,
    attemptId: string,
    measured: Measured,
    choice: TemplateChoice,
  ): Promise<SubmitOutcome> {
    const startedAt = performance.now();
    const reportUrl = this.catalog.reportUrlFor(account);
    const sms: OutboundSms = {
      messageId: command.messageId,
      to: command.to,
      body: command.body,
      ...outboundShape(command, account),
      encoding: measured.encoding,
      segments: measured.segments,
      ...(reportUrl !== null && { statusCallbackUrl: reportUrl }),
    };
    let result: SubmitResult;
    try {
      const submitted =
        choice.send === 'template' && adapter.sendTemplate && command.template
          ? adapter.sendTemplate({ ...sms, templateCode: choice.code, variables: command.template.variables })
          : adapter.send(sms);
      result = await withTimeout(submitted, this.settings.PROVIDER_SUBMIT_TIMEOUT_MS);
    } catch (thrown) {
      const error = asProviderError(thrown);
      const taken = await submittedDespite(error, adapter, sms);
      if (taken) {
        await this.deliveries.recordAccepted(delivery, attemptId, account, taken.providerMessageId, performance.now() - startedAt);
        return { kind: 'accepted', providerMessageId: taken.providerMessageId };
      }
      const latencyMs = performance.now() - startedAt;
      await this.deliveries.recordFailure(attemptId, error.code, latencyMs);
      await this.stats.record(account.id, 'failed', latencyMs);
      // A permanent refusal proves the provider is up; only transient failures count against its circuit.
      if (error.kind === 'permanent') await this.circuits.recordSuccess(account.id);
      else if (await this.circuits.recordFailure(account.id)) {
        this.logger.warn(`provider ${account.name}: circuit opened after repeated failures (last: ${error.code})`);
      }
      return { kind: 'failed', error };
    }
    const latencyMs = performance.now() - startedAt;
    const poll = adapter.pollReports ? pollPlan(this.pollDelays, this.settings.DELIVERY_POLL_MAX_AGE_MS, command.expiresAt) : undefined;
    await this.deliveries.recordAccepted(delivery, attemptId, account, result.providerMessageId, latencyMs, poll);
    await Promise.all([this.circuits.recordSuccess(account.id), this.stats.record(account.id, 'sent', latencyMs)]);
    return { kind: 'accepted', providerMessageId: result.providerMessageId };
  }

  /** 0 once a token is taken; otherwise how long until one is due, after waiting up to MAX_INLINE_WAIT_MS. */
  private async waitForToken(account: ProviderAccount): Promise<number> {
    if (account.rateLimitPerSecond === null) return 0;
    const deadline = Date.now() + MAX_INLINE_WAIT_MS;
    for (;;) {
      const waitMs = await this.throttle.takeToken(account.id, account.rateLimitPerSecond);
      if (waitMs === 0) return 0;
      if (Date.now() + waitMs > deadline) return waitMs;
      await sleep(waitMs);
    }
  }

  private async waitForSlot(account: ProviderAccount, max: number, holder: string, leaseMs: number): Promise<boolean> {
    const deadline = Date.now() + MAX_INLINE_WAIT_MS;
    while (!(await this.throttle.takeSlot(account.id, max, holder, leaseMs))) {
      if (Date.now() > deadline) return false;
      await sleep(20);
    }
    return true;
  }
}
