import type { SimOperator } from '@zagel/contracts';

/** An SMS the SIM received, as the backend read it from its inbox or storage. */
export interface InboxMessage {
  /** The backend's own id for it (Android's `_id`, ModemManager's SMS index). */
  id: string;
  from: string;
  body: string;
  receivedAt: Date;
}

/** What the phone says of itself in heartbeats (the server trusts none of it for rewards). */
export interface DeviceReadings {
  battery?: number;
  /** Bars, 0..4. */
  signal?: number;
  carrier?: SimOperator;
}

/** What a send left behind that a restarted agent can look at to know whether the SMS went out. */
export interface SendTrace {
  /** ModemManager: the SMS object created before `--send`. */
  smsPath?: string;
}

/** Whether an SMS whose send was interrupted left the phone, by the backend's own records. */
export type SendEvidence = 'sent' | 'not_sent' | 'unknown';

export interface SendRequest {
  to: string;
  body: string;
  /** Called once the backend knows where to look for this send later (before it goes out). */
  traced(trace: SendTrace): Promise<void>;
}

/** How the agent drives a SIM: Termux:API on Android, or ModemManager on a Linux box. */
export interface SmsBackend {
  readonly name: string;
  /** Sends one SMS; resolves when the tool says it went out, rejects with a ToolFailed (or a SendRefused) otherwise. */
  send(request: SendRequest): Promise<void>;
  /** After a crash mid-send: did that SMS go out? `startedAt` is when the send began. */
  evidenceOfSend(to: string, body: string, startedAt: Date, trace: SendTrace): Promise<SendEvidence>;
  /** The journal holds the send's outcome: what the backend kept for `evidenceOfSend` may go. */
  forget?(trace: SendTrace): Promise<void>;
  /** Received SMS still in the inbox (or modem storage). */
  inbox(): Promise<InboxMessage[]>;
  /** The agent reported the message and the server acked it: the backend may forget it (ModemManager deletes it). */
  settled(message: InboxMessage): Promise<void>;
  readings(): Promise<DeviceReadings>;
}

/** The backend will not try this message (the agent reports it failed with `code`, and nothing was sent). */
export class SendRefused extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'SendRefused';
  }
}

/** `60202` → {mcc: '602', mnc: '02'}: the MCC is always three digits, the MNC the two or three after it. */
export function operatorFromCode(code: string | undefined, name?: string): SimOperator | undefined {
  const digits = code?.trim();
  if (!digits || !/^\d{5,6}$/.test(digits)) return undefined;
  const trimmedName = name?.trim();
  return { mcc: digits.slice(0, 3), mnc: digits.slice(3), ...(trimmedName ? { name: trimmedName.slice(0, 64) } : {}) };
}
