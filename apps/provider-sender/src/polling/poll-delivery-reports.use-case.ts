import { Injectable, Logger } from '@nestjs/common';
import { ProviderCatalog } from '../accounts/provider-catalog';
import { DeliveryReport } from '../adapters/provider-adapter';
import { ProviderSenderConfig } from '../config';
import { ApplyDeliveryReportsUseCase } from '../reports/apply-delivery-reports.use-case';
import { DeliveryPollsRepository, DuePoll } from './delivery-polls.repository';
import { parsePollDelays, pollDelayMs } from './poll-schedule';

/** A poll gives up at most the longest polling age after its message was sent: so none of these was sent before then. */
function sentAfter(polls: DuePoll[], maxAgeMs: number): Date {
  return new Date(Math.min(...polls.map((poll) => poll.giveUpAt.getTime())) - maxAgeMs);
}

/** Polls claimed per round (the round ends with every one of them rescheduled or removed). */
const ROUND = 500;
/** How long a claimed poll stays with this round before another instance may take it (a crash mid-round). */
const LEASE_MS = 120_000;

/**
 * One round of delivery polling: the due messages, asked of their providers (in the batches each provider's status
 * API takes), and their answers applied through the same path as webhook reports. A final answer ends a message's
 * polling; otherwise it is asked again after the next step of DELIVERY_POLL_DELAYS_MS, until its expiry. A provider
 * that does not answer is asked again later like a message still `sent`.
 */
@Injectable()
export class PollDeliveryReportsUseCase {
  private readonly logger = new Logger(PollDeliveryReportsUseCase.name);
  private readonly delays: number[];
  private readonly maxAgeMs: number;

  constructor(
    private readonly polls: DeliveryPollsRepository,
    private readonly catalog: ProviderCatalog,
    private readonly reports: ApplyDeliveryReportsUseCase,
    settings: ProviderSenderConfig,
  ) {
    this.delays = parsePollDelays(settings.DELIVERY_POLL_DELAYS_MS);
    this.maxAgeMs = settings.DELIVERY_POLL_MAX_AGE_MS;
  }

  /** True when the round was full (more may be due). */
  async execute(): Promise<boolean> {
    const due = await this.polls.claimDue(ROUND, LEASE_MS);
    const byProvider = new Map<string, DuePoll[]>();
    for (const poll of due) byProvider.set(poll.providerId, [...(byProvider.get(poll.providerId) ?? []), poll]);
    for (const [providerId, polls] of byProvider) await this.pollProvider(providerId, polls);
    return due.length === ROUND;
  }

  private async pollProvider(providerId: string, polls: DuePoll[]): Promise<void> {
    const now = new Date();
    const settled = polls.filter((poll) => poll.status !== 'sent' || poll.giveUpAt <= now);
    await this.polls.remove(providerId, settled.map((poll) => poll.providerMessageId));
    const open = polls.filter((poll) => !settled.includes(poll));
    const account = open.length > 0 ? await this.catalog.account(providerId) : undefined;
    const adapter = account ? this.catalog.adapterFor(account) : undefined;
    if (!account || !adapter?.pollReports) {
      // The account is gone or no longer polls (its kind changed): nothing can be learned.
      await this.polls.remove(providerId, open.map((poll) => poll.providerMessageId));
      return;
    }
    const size = adapter.pollBatchSize ?? 100;
    for (let start = 0; start < open.length; start += size) {
      const chunk = open.slice(start, start + size);
      let answers: DeliveryReport[] = [];
      try {
        answers = await adapter.pollReports(chunk.map((poll) => poll.providerMessageId), sentAfter(chunk, this.maxAgeMs));
      } catch (error) {
        this.logger.warn(`provider ${account.name}: delivery status poll failed (${error instanceof Error ? error.message : String(error)})`);
      }
      await this.reports.apply(account, answers);
      const final = new Set(answers.filter((answer) => answer.status !== 'sent').map((answer) => answer.providerMessageId));
      await this.polls.remove(providerId, [...final]);
      await this.polls.reschedule(
        providerId,
        chunk
          .filter((poll) => !final.has(poll.providerMessageId))
          .map((poll) => ({ providerMessageId: poll.providerMessageId, dueAt: new Date(Date.now() + pollDelayMs(this.delays, poll.polls + 1)) })),
      );
    }
  }
}
