import type { SmsFormat } from '@zagel/contracts';
import type { WireEncoding } from '@zagel/sms-encoding';

/** Every kind of provider Zagel can send through. */
export const PROVIDER_KINDS = [
  'simulator',
  'twilio',
  'vonage',
  'plivo',
  'sns',
  'smsir',
  'kavenegar',
  'clickatell',
  'http',
  'smpp',
] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** One message as an adapter submits it. */
export interface OutboundSms {
  messageId: string;
  /** E.164. */
  to: string;
  body: string;
  /** Sender id or number configured on the provider account, when it needs one. */
  from?: string;
  /** `8-bit` for a binary message. */
  encoding: WireEncoding;
  segments: number;
  /** Absent: `text`. Only formats the adapter's factory lists in `formats` reach it. */
  format?: SmsFormat;
  /** A binary message's user data header (hex, its length octet first); the body is then the hex payload. */
  udh?: string;
  /** Where the provider should post delivery reports for this message, when it takes one per request. */
  statusCallbackUrl?: string;
}

/** A message to send through the provider's own template API: the template's code at this provider and its variables. */
export interface TemplateSms extends OutboundSms {
  /** As written in the template's `providerCodes`: the provider's template id or name, `?param=variable&...` to map names. */
  templateCode: string;
  /** In the template's declared order. */
  variables: { name: string; value: string }[];
}

export interface SubmitResult {
  providerMessageId: string;
}

export type ProviderErrorKind = 'transient' | 'permanent';

/**
 * A provider refused or failed a submit. `transient` (timeouts, 5xx, throttling) is retried with backoff
 * and counts against the circuit; `permanent` (invalid number, blocked, bad content) fails without retry.
 */
export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    readonly code: string,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export const DELIVERY_REPORT_STATUSES = ['sent', 'delivered', 'undelivered', 'failed'] as const;
export type DeliveryReportStatus = (typeof DELIVERY_REPORT_STATUSES)[number];

/** A provider's word on one message's fate. */
export interface DeliveryReport {
  providerMessageId: string;
  status: DeliveryReportStatus;
  errorCode?: string;
  at?: string;
}

/** An inbound delivery-report request as the gateway received it. */
export interface InboundReportRequest {
  method: string;
  /** The public URL the provider called, rebuilt from forwarded headers when behind a proxy. */
  url: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The body exactly as received (UTF-8). */
  rawBody: string;
  query: Record<string, string>;
}

/** One SMS a provider received for us (mobile originated), as its webhook or its bind carried it. */
export interface InboundSms {
  /**
   * What makes this SMS unique at the provider and stays the same when the provider repeats its webhook
   * (its message id, or for a concatenated message the parts' shared reference).
   */
  providerMessageId: string;
  /** As the provider gives it: E.164 (a leading `+` is added to bare international digits) or an alphanumeric id. */
  from: string;
  /** Our number or line it was sent to, when the provider says. */
  to?: string;
  body: string;
  /** When the provider received it (ISO 8601), when it says. */
  receivedAt?: string;
  /** One part of a concatenated SMS that the provider delivers part by part: joined before it is published. */
  part?: { reference: string; total: number; index: number };
}

/** The HTTP answer a provider expects to an inbound webhook it delivered. */
export interface InboundAnswer {
  status: number;
  contentType: 'text/plain' | 'text/xml' | 'application/json';
  body: string;
}

export const EMPTY_OK: InboundAnswer = { status: 200, contentType: 'text/plain', body: '' };

/** What an adapter may use from its host. */
export interface AdapterContext {
  /** The public URL delivery reports for this provider account should be posted to. */
  reportUrl?: string;
  /** For adapters whose reports arrive on their own connection (SMPP deliver_sm). */
  onReport(report: DeliveryReport): void;
  /**
   * For adapters whose inbound SMS arrive on their own connection (SMPP deliver_sm): resolves once the SMS is
   * published (so the adapter acknowledges it to the provider only then), rejects when it could not be.
   */
  onInbound?(sms: InboundSms): Promise<void>;
}

/** One configured provider account, ready to send. */
export interface ProviderAdapter {
  readonly kind: ProviderKind;
  send(sms: OutboundSms): Promise<SubmitResult>;
  /**
   * Whether the provider holds a submit of this message (looked up by Zagel's message id, which `send`
   * gave it): its result, or null when it never arrived. Only adapters whose provider can answer have it;
   * a try that a crash cut off is then sent again only if it never arrived, and one whose answer was lost
   * only if it still has not, asked once PROVIDER_ACCEPTANCE_WINDOW_MS has passed.
   */
  findSubmitted?(sms: OutboundSms): Promise<SubmitResult | null>;
  /**
   * True when a webhook request from the provider (a delivery report or an inbound SMS: both are signed the
   * same way) carries a valid signature, or the URL token that stands in for one.
   */
  verifyReport(request: InboundReportRequest): boolean;
  /** The reports in one inbound request (some providers batch them); throws on a body it cannot read. */
  parseReport(request: InboundReportRequest): DeliveryReport[];
  /**
   * The inbound SMS (MO) one verified webhook request carries; throws on a body it cannot read. Absent for
   * providers that post no inbound SMS over HTTP.
   */
  parseInbound?(request: InboundReportRequest): InboundSms[];
  /** What the provider expects back from an accepted inbound webhook (200 with an empty body by default). */
  readonly inboundAnswer?: InboundAnswer;
  /** Largest number of segments the provider accepts for one message. */
  readonly maxSegments: number;
  /**
   * Sends through the provider's own template API (SMS.IR verify, Kavenegar verify/lookup); absent for
   * providers without one, which send the rendered text. Throws a permanent ProviderError when the
   * variables break the provider's documented rules.
   */
  sendTemplate?(sms: TemplateSms): Promise<SubmitResult>;
  /**
   * For providers without delivery callbacks (or whose callbacks are optional): their current word on
   * these message ids, at most `pollBatchSize` at a time; ids the provider does not know are left out.
   * `sentAfter`: none of them was sent before then (for providers searched by time, like SNS's log).
   */
  pollReports?(providerMessageIds: string[], sentAfter?: Date): Promise<DeliveryReport[]>;
  readonly pollBatchSize?: number;
  close(): Promise<void>;
}

/** Builds adapters of one kind from an account's decrypted settings (validated with `settingsClass`). */
export interface ProviderAdapterFactory<S extends object = object> {
  readonly kind: ProviderKind;
  readonly settingsClass: new () => S;
  create(settings: S, context: AdapterContext): ProviderAdapter;
  /** The message formats this kind carries on the wire; absent: `text` only (its encoding as the characters need). */
  readonly formats?: readonly SmsFormat[];
  /**
   * Settings that are credentials, masked in every API reply. Absent: names that look secret
   * (secret, token, password, key, credential) are masked.
   */
  readonly secretSettings?: readonly string[];
}
