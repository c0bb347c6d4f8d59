import { DeviceEventAck, DeviceEventError, SmsReceivedReport } from '@zagel/contracts';
import { InboxMessage, SmsBackend } from '../backends/sms-backend';
import { AgentLog, errorText } from '../agent/agent-log';
import { InboundLedger } from './inbound-ledger';

export type ReportReceived = (report: SmsReceivedReport) => Promise<DeviceEventAck>;

const MAX_FROM = 32;

/**
 * Reads the inbox and reports each new SMS as `sms:received`, oldest first; one is done only when
 * the server acked it (then the ledger remembers it and the backend may drop it). Unacked ones are
 * reported again on the next poll: the server takes duplicates.
 */
export class InboundPoller {
  private polling = false;

  constructor(
    private readonly backend: SmsBackend,
    private readonly ledger: InboundLedger,
    private readonly reportReceived: ReportReceived,
    private readonly log: AgentLog,
    /** Messages received before this were there before the phone joined: not reported. */
    private readonly since: Date,
  ) {}

  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const inbox = (await this.backend.inbox()).sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
      for (const message of inbox) await this.handle(message);
    } catch (error) {
      this.log('inbox-unreadable', { backend: this.backend.name, error: errorText(error) });
    } finally {
      this.polling = false;
    }
  }

  private async handle(message: InboxMessage): Promise<void> {
    const key = `${this.backend.name}:${message.id}`;
    if (this.ledger.has(key)) {
      await this.backend.settled(message);
      return;
    }
    // Both backends' tools give the time to the second: an SMS of the second the phone joined in is new.
    if (message.receivedAt.getTime() < this.since.getTime() - (this.since.getTime() % 1_000)) return;
    const report: SmsReceivedReport = { from: message.from.slice(0, MAX_FROM), body: message.body, receivedAt: message.receivedAt.toISOString() };
    let answer: DeviceEventAck;
    this.log('inbound-sending', { id: message.id, from: report.from, receivedAt: report.receivedAt });
    try {
      answer = await this.reportReceived(report);
    } catch (error) {
      this.log('inbound-unacked', { id: message.id, from: report.from, error: errorText(error) });
      return;
    }
    if (!answer.ok && answer.error !== DeviceEventError.InvalidPayload) {
      this.log('inbound-unacked', { id: message.id, from: report.from, answer });
      return;
    }
    this.ledger.acknowledged(key);
    // A payload the server will never take (a text longer than the protocol allows) is not retried.
    this.log(answer.ok ? 'inbound-reported' : 'inbound-refused', { id: message.id, from: report.from, receivedAt: report.receivedAt, answer });
    await this.backend.settled(message);
  }
}
