import type { DeviceSmsStatusValue, TraceContext } from '@zagel/contracts';
import type { SendTrace } from '../backends/sms-backend';
import { AppendOnlyFile } from './append-only-file';

/**
 * What happened to each `sms:send` the agent took, step by step:
 *   accepted  written before the agent answers {accepted: true}
 *   sending   written just before the backend is asked to send (from here on, never sent again)
 *   traced    where the backend left a trace of the send (ModemManager's SMS object)
 *   outcome   sent, or failed with a code, once the backend answered (or a restart decided)
 *   reported  the server acked the `sms:status` (or refused it for good)
 */
export type JournalLine =
  | { messageId: string; step: 'accepted'; at: string; to: string; body: string; expiresAt: string; traceContext?: Partial<TraceContext> }
  | { messageId: string; step: 'sending'; at: string }
  | { messageId: string; step: 'traced'; at: string; trace: SendTrace }
  | { messageId: string; step: 'outcome'; at: string; status: Extract<DeviceSmsStatusValue, 'sent' | 'failed'>; errorCode?: string }
  | { messageId: string; step: 'reported'; at: string; answer: string };

export interface JournalEntry {
  messageId: string;
  to: string;
  body: string;
  expiresAt: string;
  acceptedAt: string;
  /** The trace context the `sms:send` carried, given back in its status reports (also after a restart). */
  traceContext?: Partial<TraceContext>;
  startedAt?: string;
  trace: SendTrace;
  outcome?: { status: 'sent' | 'failed'; errorCode?: string; at: string };
  reported: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1_000;

/** The journal read back into one entry per message; appends go to disk before the entry changes. */
export class SendJournal {
  private readonly file: AppendOnlyFile<JournalLine>;
  private readonly entries = new Map<string, JournalEntry>();

  constructor(path: string) {
    this.file = new AppendOnlyFile(path);
    for (const line of this.file.readAll()) this.apply(line);
  }

  get(messageId: string): JournalEntry | undefined {
    return this.entries.get(messageId);
  }

  all(): JournalEntry[] {
    return [...this.entries.values()];
  }

  /** Messages whose status the server has not acked. */
  unreported(): JournalEntry[] {
    return this.all().filter((entry) => !entry.reported);
  }

  /** Sends begun in the 24 hours before `now`: what counts against the owner's quota. */
  sendsWithinDay(now = Date.now()): number {
    return this.all().filter((entry) => entry.startedAt !== undefined && now - Date.parse(entry.startedAt) < DAY_MS).length;
  }

  accepted(messageId: string, to: string, body: string, expiresAt: string, traceContext: Partial<TraceContext> = {}): JournalEntry {
    const traced = Object.keys(traceContext).length > 0 ? { traceContext } : {};
    this.write({ messageId, step: 'accepted', at: new Date().toISOString(), to, body, expiresAt, ...traced });
    return this.entries.get(messageId)!;
  }

  sending(messageId: string): void {
    this.write({ messageId, step: 'sending', at: new Date().toISOString() });
  }

  traced(messageId: string, trace: SendTrace): void {
    this.write({ messageId, step: 'traced', at: new Date().toISOString(), trace });
  }

  outcome(messageId: string, status: 'sent' | 'failed', errorCode?: string): void {
    this.write({ messageId, step: 'outcome', at: new Date().toISOString(), status, ...(errorCode ? { errorCode } : {}) });
  }

  reported(messageId: string, answer: string): void {
    this.write({ messageId, step: 'reported', at: new Date().toISOString(), answer });
  }

  /** Keeps what is unfinished or counts against the quota; everything older and reported goes. */
  compact(now = Date.now()): void {
    const keep = this.all().filter((entry) => !entry.reported || now - Date.parse(entry.startedAt ?? entry.acceptedAt) < DAY_MS);
    this.file.rewrite(keep.flatMap(linesOf));
    this.entries.clear();
    for (const line of keep.flatMap(linesOf)) this.apply(line);
  }

  close(): void {
    this.file.close();
  }

  private write(line: JournalLine): void {
    this.file.append(line);
    this.apply(line);
  }

  private apply(line: JournalLine): void {
    if (line.step === 'accepted') {
      if (!this.entries.has(line.messageId)) {
        const traced = line.traceContext ? { traceContext: line.traceContext } : {};
        this.entries.set(line.messageId, { messageId: line.messageId, to: line.to, body: line.body, expiresAt: line.expiresAt, acceptedAt: line.at, ...traced, trace: {}, reported: false });
      }
      return;
    }
    const entry = this.entries.get(line.messageId);
    if (!entry) return;
    if (line.step === 'sending') entry.startedAt ??= line.at;
    if (line.step === 'traced') entry.trace = { ...entry.trace, ...line.trace };
    if (line.step === 'outcome') entry.outcome ??= { status: line.status, ...(line.errorCode ? { errorCode: line.errorCode } : {}), at: line.at };
    if (line.step === 'reported') entry.reported = true;
  }
}

/** One entry as the lines that would rebuild it. */
function linesOf(entry: JournalEntry): JournalLine[] {
  const { messageId } = entry;
  const traced = entry.traceContext ? { traceContext: entry.traceContext } : {};
  const lines: JournalLine[] = [{ messageId, step: 'accepted', at: entry.acceptedAt, to: entry.to, body: entry.body, expiresAt: entry.expiresAt, ...traced }];
  if (entry.startedAt) lines.push({ messageId, step: 'sending', at: entry.startedAt });
  if (Object.keys(entry.trace).length > 0) lines.push({ messageId, step: 'traced', at: entry.startedAt ?? entry.acceptedAt, trace: entry.trace });
  if (entry.outcome) lines.push({ messageId, step: 'outcome', at: entry.outcome.at, status: entry.outcome.status, ...(entry.outcome.errorCode ? { errorCode: entry.outcome.errorCode } : {}) });
  if (entry.reported) lines.push({ messageId, step: 'reported', at: entry.outcome?.at ?? entry.acceptedAt, answer: 'ok' });
  return lines;
}
