import { DeviceConfigNotice, DeviceEventAck, DeviceEventError, echoedTraceContext, SmsSendAck, SmsSendRequest, SmsStatusReport } from '@zagel/contracts';
import { SendRefused, SmsBackend } from '../backends/sms-backend';
import { ToolFailed } from '../backends/run-tool';
import { SendJournal } from '../journal/send-journal';
import { AgentLog, errorText } from './agent-log';

/** Acks after which a report is never sent again: taken, or refused for a reason a retry cannot change. */
const FINAL_REFUSALS = new Set<string>([DeviceEventError.UnknownMessage, DeviceEventError.InvalidPayload]);

const DAY_MS = 24 * 60 * 60 * 1_000;

export type ReportStatus = (report: SmsStatusReport) => Promise<DeviceEventAck>;

/**
 * The phone's side of `sms:send`: takes a message only when the owner's settings allow it (not
 * paused, under the quota over the last 24 hours), writes it to the journal before saying yes, sends
 * it through the backend one at a time, and reports `sms:status` until the server acks it.
 */
export class OutboundSender {
  private settings: DeviceConfigNotice | undefined;
  private queue: Promise<void> = Promise.resolve();
  private reporting?: Promise<void>;

  constructor(
    private readonly journal: SendJournal,
    private readonly backend: SmsBackend,
    private readonly reportStatus: ReportStatus,
    private readonly log: AgentLog,
  ) {}

  configure(notice: DeviceConfigNotice): void {
    this.settings = notice;
  }

  /** Answers `sms:send`. */
  take(request: SmsSendRequest, ack: (answer: SmsSendAck) => void): void {
    const known = this.journal.get(request.messageId);
    // The send's trace context (the platform traces) goes back in the ack and the status reports.
    const trace = echoedTraceContext(request);
    if (known) {
      // The server asked again (our answer was lost): same answer, and the send is not repeated.
      ack({ accepted: true, ...trace });
      if (known.outcome && !known.reported) void this.report(request.messageId);
      return;
    }
    const refusal = this.refusal(request);
    if (refusal) {
      this.log('sms-refused', { messageId: request.messageId, reason: refusal });
      ack({ accepted: false, reason: refusal, ...trace });
      return;
    }
    this.journal.accepted(request.messageId, request.to, request.body, request.expiresAt, trace);
    ack({ accepted: true, ...trace });
    this.log('sms-accepted', { messageId: request.messageId, to: request.to });
    this.queue = this.queue.then(() => this.send(request.messageId));
  }

  /** Reports every outcome the server has not acked yet (after a reconnect, a restart, a refused ack). */
  reportPending(): Promise<void> {
    this.reporting ??= (async () => {
      for (const entry of this.journal.unreported()) {
        if (entry.outcome) await this.report(entry.messageId);
      }
    })().finally(() => (this.reporting = undefined));
    return this.reporting;
  }

  /** Resolves when every accepted message has been through the backend. */
  idle(): Promise<void> {
    return this.queue;
  }

  private refusal(request: SmsSendRequest): string | undefined {
    if (this.settings?.paused) return 'paused';
    if (Date.parse(request.expiresAt) <= Date.now()) return 'expired';
    if (this.settings && this.takenWithinDay() >= this.settings.dailyQuota) return 'quota_exhausted';
    return undefined;
  }

  /** Messages taken in the last 24 hours, except those that failed before anything was sent. */
  private takenWithinDay(now = Date.now()): number {
    return this.journal.all().filter((entry) => now - Date.parse(entry.acceptedAt) < DAY_MS && (entry.startedAt !== undefined || entry.outcome === undefined)).length;
  }

  private async send(messageId: string): Promise<void> {
    const entry = this.journal.get(messageId);
    if (!entry || entry.startedAt || entry.outcome) return;
    if (Date.parse(entry.expiresAt) <= Date.now()) {
      this.journal.outcome(messageId, 'failed', 'expired');
    } else {
      this.journal.sending(messageId);
      try {
        await this.backend.send({ to: entry.to, body: entry.body, traced: async (trace) => this.journal.traced(messageId, trace) });
        this.journal.outcome(messageId, 'sent');
        this.log('sms-sent', { messageId, to: entry.to });
      } catch (error) {
        const code = error instanceof SendRefused ? error.code : error instanceof ToolFailed ? `${this.backend.name}_${error.code}` : `${this.backend.name}_error`;
        this.journal.outcome(messageId, 'failed', code.slice(0, 64));
        this.log('sms-failed', { messageId, errorCode: code, error: errorText(error) });
      }
      await this.backend.forget?.(this.journal.get(messageId)!.trace).catch((error: unknown) => this.log('backend-cleanup-failed', { messageId, error: errorText(error) }));
    }
    await this.report(messageId);
  }

  private async report(messageId: string): Promise<void> {
    const entry = this.journal.get(messageId);
    if (!entry?.outcome || entry.reported) return;
    const { status, errorCode, at } = entry.outcome;
    let answer: DeviceEventAck;
    try {
      answer = await this.reportStatus({ messageId, status, ...(errorCode ? { errorCode } : {}), at, ...entry.traceContext });
    } catch (error) {
      this.log('status-unacked', { messageId, status, error: errorText(error) });
      return;
    }
    if (answer.ok || FINAL_REFUSALS.has(answer.error)) {
      this.journal.reported(messageId, answer.ok ? 'ok' : answer.error);
      this.log('status-reported', { messageId, status, ...(errorCode ? { errorCode } : {}), answer });
    } else {
      this.log('status-unacked', { messageId, status, answer });
    }
  }
}
