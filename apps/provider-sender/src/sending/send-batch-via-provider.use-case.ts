import { Injectable, Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { eachWithLimit } from '@zagel/concurrency';
import {
  BatchRecipient,
  ProviderTemplate,
  recipientTemplate,
  SendBatchViaProvider,
  SendBatchViaProviderPayload,
  SendViaProvider,
  SendViaProviderPayload,
} from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { normalizePhoneNumber } from '@zagel/phone';
import { measureMessage, WireEncoding } from '@zagel/sms-encoding';
import { ProviderAccount } from '../accounts/provider-account';
import { ProviderCatalog } from '../accounts/provider-catalog';
import { parsePollDelays, pollPlan } from '../polling/poll-schedule';
import { OutboundSms } from '../adapters/provider-adapter';
import { RECIPIENT_ERROR_CODES } from '../adapters/recipient-errors';
import { ProviderSenderConfig } from '../config';
import { CircuitBreaker } from '../health/circuit-breaker';
import { ProviderStats } from '../health/provider-stats';
import { pickRoute } from '../routes/provider-route';
import { ProviderThrottle } from '../throttling/provider-throttle';
import { AttemptResult, BatchDeliveriesRepository, PlannedAttempt } from './batch-deliveries.repository';
import { DeliveriesRepository } from './deliveries.repository';
import { StatusChange } from './delivery-transitions';
import { acceptanceWindowMs, asProviderError, mayStillBeTaken, submittedDespite, withTimeout } from './provider-call';
import { CircuitVerdicts, ProviderEligibility } from './provider-eligibility';
import { BatchTemplateChoices, TEMPLATE_CODE_MISSING, TemplateChoice } from './provider-template-choice';
import { retryDelayMs } from './retry-backoff';
import { outboundShape, SENDER_ID_NOT_REGISTERED, senderAllowed, SendViaProviderUseCase } from './send-via-provider.use-case';

/** Submits of one batch in flight at once (a provider's own concurrency cap lowers it). */
export const BATCH_SUBMIT_CONCURRENCY = 64;
/** How long a batch waits in-process for rate-limit tokens before the rest goes back, delayed. */
const MAX_INLINE_WAIT_MS = 1_000;
const SELF = { service: 'provider-sender' } as const;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Planned {
  recipient: BatchRecipient;
  /** The delivery's position when the batch came, and the one of the provider chosen. */
  from: number;
  position: number;
  segments: number;
  encoding: WireEncoding;
  /** Through the provider's template API (with the recipient's template), or as text. */
  choice: TemplateChoice;
  template?: ProviderTemplate;
}

/** A submit's result, with what the failure path needs to know. */
type Submitted = AttemptResult & { permanent: boolean; retryAfterMs?: number };
type FailedSubmit = Submitted & { state: 'failed' };

export interface BatchSummary {
  accepted: number;
  failed: number;
  /** Went back to the bus: throttled (as a delayed batch) or to be retried (as single sends). */
  requeued: number;
  /** Continued on the single-message path (earlier tries, nothing usable now, chain moving on). */
  handedOver: number;
  skipped: number;
}

/**
 * `provider.send.batch`: up to 500 recipients of one organization. The first usable provider of
 * each recipient's chain is found with one circuit look per provider; the tries are recorded with
 * one statement before any submit (a redelivered batch never submits a recipient twice); the
 * submits run BATCH_SUBMIT_CONCURRENCY at a time under the provider's rate limit and concurrency
 * cap; the outcomes are recorded with one transaction and announced as `message.status.batch`.
 * A templated batch (`template`, each recipient's `templateVariables`) goes through a provider's
 * template API where it has a code, one recipient per call, by the single path's rules (chooseTemplate).
 * Whatever is decided per recipient after a failure (retry with backoff, next provider, circuit
 * deferral) is the single path's: those recipients continue as `provider.send`, as today.
 */
@Injectable()
export class SendBatchViaProviderUseCase {
  private readonly logger = new Logger(SendBatchViaProviderUseCase.name);

  constructor(
    private readonly catalog: ProviderCatalog,
    private readonly batches: BatchDeliveriesRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly eligibility: ProviderEligibility,
    private readonly circuits: CircuitBreaker,
    private readonly throttle: ProviderThrottle,
    private readonly stats: ProviderStats,
    private readonly bus: Bus,
    private readonly settings: ProviderSenderConfig,
    private readonly single: SendViaProviderUseCase,
  ) {}

  async execute(command: SendBatchViaProviderPayload): Promise<BatchSummary> {
    const summary: BatchSummary = { accepted: 0, failed: 0, requeued: 0, handedOver: 0, skipped: 0 };
    const routes = await this.catalog.allRoutes();
    // The country only matters where a route names one; the sender says it (ingestion knew it), else the number does.
    const byCountry = routes.some((route) => route.country !== '*');
    const countryOf = (recipient: BatchRecipient): string => {
      if (!byCountry) return '*';
      if (recipient.country) return recipient.country;
      const number = normalizePhoneNumber(recipient.to);
      return number.ok ? number.country : 'ZZ';
    };
    const picked = command.recipients.map((recipient) =>
      pickRoute(routes, { country: countryOf(recipient), messageType: command.messageType, organizationId: command.organizationId }),
    );
    const chains = picked.map((route) => route?.providers ?? []);
    const deliveries = await this.batches.open(
      command.organizationId,
      command.recipients.map((recipient, index) => ({ messageId: recipient.messageId, chain: chains[index] })),
    );
    const expired = command.expiresAt !== undefined && Date.parse(command.expiresAt) <= Date.now();
    const finished: { messageId: string; change: StatusChange }[] = [];
    const handOver: { recipient: BatchRecipient; position: number }[] = [];
    const fresh: { recipient: BatchRecipient; position: number; chain: string[] }[] = [];
    for (const [index, recipient] of command.recipients.entries()) {
      const delivery = deliveries.get(recipient.messageId);
      if (!delivery || delivery.status !== 'pending') summary.skipped += 1;
      // An earlier handling got this far: the single path goes on from there, never repeating a try.
      else if (delivery.attempts > 0) handOver.push({ recipient, position: delivery.position });
      else if (delivery.chain.length === 0) finished.push({ messageId: recipient.messageId, change: { status: 'failed', errorCode: 'no_route' } });
      else if (!senderAllowed(picked[index], recipient.from)) {
        finished.push({ messageId: recipient.messageId, change: { status: 'failed', errorCode: SENDER_ID_NOT_REGISTERED } });
      }
      else if (expired) finished.push({ messageId: recipient.messageId, change: { status: 'expired', errorCode: 'expired' } });
      else fresh.push({ recipient, position: delivery.position, chain: delivery.chain });
    }
    summary.failed += finished.length;
    await this.batches.finish(finished);

    const groups = new Map<string, { account: ProviderAccount; position: number; items: Planned[] }>();
    const verdicts: CircuitVerdicts = new Map();
    const choices = new BatchTemplateChoices(this.catalog);
    const passedOver: PlannedAttempt[] = [];
    for (const { recipient, position: from, chain } of fresh) {
      const { segments, encoding } = measureMessage(recipient.format, recipient.body, recipient.udh);
      const template = recipientTemplate(command.template, recipient.templateVariables);
      let planned = false;
      for (let position = from; position < chain.length && !planned; position += 1) {
        const account = await this.catalog.account(chain[position]);
        if (!account || (await this.eligibility.reasonToSkip(account, segments, verdicts, recipient))) continue;
        const choice = template ? await choices.of(template, chain, position, account) : ({ send: 'text' } as const);
        if (choice.send === 'nothing') {
          passedOver.push({ messageId: recipient.messageId, from, chainPosition: position, providerId: account.id, providerName: account.name });
          continue;
        }
        const key = `${position}|${account.id}`;
        const group = groups.get(key) ?? { account, position, items: [] };
        group.items.push({ recipient, from, position, segments, encoding, choice, ...(template && { template }) });
        groups.set(key, group);
        planned = true;
      }
      // Nothing usable now (circuits open, providers gone): the single path defers or fails it.
      if (!planned) handOver.push({ recipient, position: from });
    }
    await this.batches.recordPassedOver(passedOver, TEMPLATE_CODE_MISSING);
    for (const group of groups.values()) await this.sendGroup(command, group.account, group.items, summary);
    await eachWithLimit(handOver, 8, ({ recipient, position }) => this.single.execute(this.singleCommand(command, recipient, position)));
    summary.handedOver += handOver.length;
    return summary;
  }

  private async sendGroup(command: SendBatchViaProviderPayload, account: ProviderAccount, items: Planned[], summary: BatchSummary): Promise<void> {
    const { ready, throttled, waitMs } = await this.takeTokens(account, items);
    if (throttled.length > 0) {
      await this.bus.sendDelayed(
        SendBatchViaProvider,
        SELF,
        { ...command, batchId: uuidv7(), recipients: throttled.map((item) => item.recipient) },
        waitMs,
      );
      summary.requeued += throttled.length;
    }
    const attemptIds = await this.batches.recordSubmitting(
      ready.map((item) => ({ messageId: item.recipient.messageId, from: item.from, chainPosition: item.position, providerId: account.id, providerName: account.name })),
    );
    const submitting = ready.filter((item) => attemptIds.has(item.recipient.messageId));
    summary.skipped += ready.length - submitting.length;
    const limit = Math.min(BATCH_SUBMIT_CONCURRENCY, account.maxConcurrency ?? BATCH_SUBMIT_CONCURRENCY);
    const results = await eachWithLimit(submitting, limit, (item) =>
      this.submit(account, item, attemptIds.get(item.recipient.messageId) as string),
    );
    await this.recordHealth(account, results);

    const failures = results.filter((result): result is FailedSubmit => result.state === 'failed');
    const finished = failures
      .filter((failure) => failure.permanent && RECIPIENT_ERROR_CODES.has(failure.errorCode))
      .map((failure) => ({ messageId: failure.messageId, change: { status: 'failed' as const, provider: account.name, errorCode: failure.errorCode } }));
    const poll = this.catalog.adapterFor(account).pollReports
      ? pollPlan(parsePollDelays(this.settings.DELIVERY_POLL_DELAYS_MS), this.settings.DELIVERY_POLL_MAX_AGE_MS, command.expiresAt)
      : undefined;
    await this.batches.recordOutcomes(account, results, finished, poll);
    summary.accepted += results.length - failures.length;
    summary.failed += finished.length;

    // After the failed tries are committed, so the single path sees them.
    const byId = new Map(submitting.map((item) => [item.recipient.messageId, item]));
    const ended = new Set(finished.map((done) => done.messageId));
    const goOn = failures.filter((failure) => !ended.has(failure.messageId));
    const adapter = this.catalog.adapterFor(account);
    await eachWithLimit(goOn, 8, async (failure) => {
      const item = byId.get(failure.messageId) as Planned;
      if (!failure.permanent && this.settings.PROVIDER_MAX_RETRIES > 0) {
        const backoffMs = retryDelayMs(1, { baseMs: this.settings.PROVIDER_RETRY_BASE_DELAY_MS, maxMs: this.settings.PROVIDER_RETRY_MAX_DELAY_MS, retryAfterMs: failure.retryAfterMs });
        // A submit the provider may still take: the retry asks it first, once its acceptance window has passed.
        const delayMs = mayStillBeTaken(failure.errorCode, adapter) ? Math.max(backoffMs, acceptanceWindowMs(this.settings)) : backoffMs;
        await this.bus.sendDelayed(SendViaProvider, SELF, this.singleCommand(command, item.recipient, item.position), delayMs);
        summary.requeued += 1;
        return;
      }
      // The single path waits out the acceptance window of a submit the provider may still take.
      await this.deliveries.moveTo(failure.messageId, item.position + 1);
      await this.single.execute(this.singleCommand(command, item.recipient, item.position + 1));
      summary.handedOver += 1;
    });
  }

  /** Rate-limit tokens for as many items as come within MAX_INLINE_WAIT_MS; the rest wait for `waitMs`. */
  private async takeTokens(account: ProviderAccount, items: Planned[]): Promise<{ ready: Planned[]; throttled: Planned[]; waitMs: number }> {
    if (account.rateLimitPerSecond === null) return { ready: items, throttled: [], waitMs: 0 };
    const deadline = Date.now() + MAX_INLINE_WAIT_MS;
    let taken = 0;
    while (taken < items.length) {
      const waitMs = await this.throttle.takeToken(account.id, account.rateLimitPerSecond);
      if (waitMs === 0) taken += 1;
      else if (Date.now() + waitMs <= deadline) await sleep(waitMs);
      else break;
    }
    const rest = items.length - taken;
    // The rest comes back when the bucket will have refilled for it.
    const waitMs = Math.ceil((1_000 * rest) / account.rateLimitPerSecond);
    return { ready: items.slice(0, taken), throttled: items.slice(taken), waitMs };
  }

  private async submit(account: ProviderAccount, item: Planned, attemptId: string): Promise<Submitted> {
    const { recipient } = item;
    const holder = uuidv7();
    if (account.maxConcurrency !== null && !(await this.waitForSlot(account, account.maxConcurrency, holder))) {
      return { attemptId, messageId: recipient.messageId, state: 'failed', errorCode: 'throttled', latencyMs: 0, permanent: false };
    }
    const startedAt = performance.now();
    const reportUrl = this.catalog.reportUrlFor(account);
    const adapter = this.catalog.adapterFor(account);
    const sms: OutboundSms = {
      messageId: recipient.messageId,
      to: recipient.to,
      body: recipient.body,
      ...outboundShape(recipient, account),
      encoding: item.encoding,
      segments: item.segments,
      ...(reportUrl !== null && { statusCallbackUrl: reportUrl }),
    };
    try {
      const { choice, template } = item;
      const submitted =
        choice.send === 'template' && adapter.sendTemplate && template
          ? adapter.sendTemplate({ ...sms, templateCode: choice.code, variables: template.variables })
          : adapter.send(sms);
      const result = await withTimeout(submitted, this.settings.PROVIDER_SUBMIT_TIMEOUT_MS);
      const latencyMs = performance.now() - startedAt;
      return { attemptId, messageId: recipient.messageId, state: 'accepted', providerMessageId: result.providerMessageId, latencyMs, permanent: false };
    } catch (thrown) {
      const error = asProviderError(thrown);
      const taken = await submittedDespite(error, adapter, sms);
      const latencyMs = performance.now() - startedAt;
      if (taken) return { attemptId, messageId: recipient.messageId, state: 'accepted', providerMessageId: taken.providerMessageId, latencyMs, permanent: false };
      return {
        attemptId,
        messageId: recipient.messageId,
        state: 'failed',
        errorCode: error.code,
        latencyMs,
        permanent: error.kind === 'permanent',
        ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }),
      };
    } finally {
      if (account.maxConcurrency !== null) await this.throttle.releaseSlot(account.id, holder);
    }
  }

  /** The provider's figures and circuit: a permanent refusal proves it is up; transient failures count against it. */
  private async recordHealth(account: ProviderAccount, results: Submitted[]): Promise<void> {
    await this.stats.recordMany(
      account.id,
      results.map((result) => ({ outcome: result.state === 'accepted' ? ('sent' as const) : ('failed' as const), latencyMs: result.latencyMs })),
    );
    const transient = results.filter((result): result is FailedSubmit => result.state === 'failed' && !result.permanent);
    if (transient.length < results.length) await this.circuits.recordSuccess(account.id);
    for (const failure of transient) {
      if (await this.circuits.recordFailure(account.id)) {
        this.logger.warn(`provider ${account.name}: circuit opened after repeated failures (last: ${failure.errorCode})`);
      }
    }
  }

  private async waitForSlot(account: ProviderAccount, max: number, holder: string): Promise<boolean> {
    const deadline = Date.now() + MAX_INLINE_WAIT_MS;
    const leaseMs = this.settings.PROVIDER_SUBMIT_TIMEOUT_MS + 5_000;
    while (!(await this.throttle.takeSlot(account.id, max, holder, leaseMs))) {
      if (Date.now() > deadline) return false;
      await sleep(20);
    }
    return true;
  }

  private singleCommand(command: SendBatchViaProviderPayload, recipient: BatchRecipient, chainPosition: number): SendViaProviderPayload {
    const template = recipientTemplate(command.template, recipient.templateVariables);
    return {
      messageId: recipient.messageId,
      organizationId: command.organizationId,
      to: recipient.to,
      body: recipient.body,
      messageType: command.messageType,
      ...(recipient.format && { format: recipient.format }),
      ...(recipient.udh && { udh: recipient.udh }),
      ...(recipient.from && { from: recipient.from }),
      origin: 'api',
      ...(command.expiresAt !== undefined && { expiresAt: command.expiresAt }),
      chainPosition,
      ...(template && { template }),
    };
  }
}
