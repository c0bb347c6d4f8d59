import { Vonage } from '@vonage/server-sdk';
import { splitBinary } from '@zagel/sms-encoding';
import { ProviderError } from '../provider-adapter';
import type {
  AdapterContext,
  DeliveryReport,
  InboundReportRequest,
  InboundSms,
  OutboundSms,
  ProviderAdapter,
  ProviderAdapterFactory,
  SubmitResult,
} from '../provider-adapter';
import { reportFields } from '../shared/report-body';
import { vonageStatusError, vonageTransportError } from './vonage.errors';
import { parseVonageInbound } from './vonage.inbound';
import { parseVonageReport, verifyVonageJwt } from './vonage.reports';
import { VonageSettings } from './vonage.settings';

interface SmsApiMessage {
  status?: string;
  messageId?: string;
  errorText?: string;
}

class VonageAdapter implements ProviderAdapter {
  readonly kind = 'vonage' as const;
  /** The SMS API concatenates long text itself; Vonage advises staying within 6 parts for reliable delivery. */
  readonly maxSegments = 6;
  private readonly vonage: Vonage;

  constructor(
    private readonly settings: VonageSettings,
    private readonly context: AdapterContext,
  ) {
    this.vonage = new Vonage({ apiKey: settings.apiKey, apiSecret: settings.apiSecret }, {
      ...(settings.restHost ? { restHost: settings.restHost.replace(/\/$/, '') } : {}),
      ...(settings.apiHost ? { apiHost: settings.apiHost.replace(/\/$/, '') } : {}),
      timeout: settings.timeoutMs ?? 15_000,
    });
  }

  /**
   * A text as `text` or `unicode` (`message-class` 0 for flash); a binary message as `type=binary` with `body` and
   * `udh` in hex, one request per segment (the SMS API concatenates text, not binary data), the first part's id
   * identifying it. Vonage takes binary data only with a UDH.
   */
  async send(sms: OutboundSms): Promise<SubmitResult> {
    const from = sms.from ?? this.settings.from ?? '';
    const callback = sms.statusCallbackUrl ?? this.context.reportUrl;
    const common = {
      to: sms.to.replace(/^\+/, ''),
      from,
      clientRef: sms.messageId,
      ...(callback ? { callback, statusReportReq: true } : {}),
    };
    if (sms.format === 'binary') {
      const segments = splitBinary(sms.body, sms.udh, Math.floor(Math.random() * 256));
      if (segments.some((segment) => !segment.udh)) {
        throw new ProviderError('permanent', 'unsupported_type', 'Vonage sends binary messages with a user data header only');
      }
      const ids: string[] = [];
      for (const segment of segments) {
        ids.push(await this.submit({ ...common, type: 'binary', body: segment.data.toString('hex'), udh: segment.udh!.toString('hex') }));
      }
      return { providerMessageId: ids[0] };
    }
    return {
      providerMessageId: await this.submit({
        ...common,
        text: sms.body,
        ...(sms.encoding === 'UCS-2' || sms.format === 'unicode' ? { type: 'unicode' } : {}),
        ...(sms.format === 'flash' ? { messageClass: 0 } : {}),
      }),
    };
  }

  /** One SMS API request; the first message id of its answer (a long text is one message per part). */
  private async submit(params: Record<string, unknown>): Promise<string> {
    let messages: SmsApiMessage[];
    try {
      const response = await this.vonage.sms.send(params as never);
      messages = (response as { messages?: SmsApiMessage[] }).messages ?? [];
    } catch (error) {
      // The SDK throws MessageSendAllFailure/PartialFailure with the parsed answer when a status is not 0.
      const failed = (error as { response?: { messages?: SmsApiMessage[] } }).response?.messages;
      if (!Array.isArray(failed)) throw vonageTransportError(error);
      messages = failed;
    }
    const rejected = messages.find((message) => message.status !== '0');
    if (rejected) throw vonageStatusError(rejected.status ?? 'unknown', rejected.errorText);
    const first = messages[0];
    if (!first?.messageId) throw vonageStatusError('5', 'Vonage answered without a message id');
    // A long text becomes one message per part; the first part's id identifies it in receipts we keep.
    return first.messageId;
  }

  verifyReport(request: InboundReportRequest): boolean {
    const authorization = request.headers.authorization;
    if (authorization?.toLowerCase().startsWith('bearer ')) {
      return verifyVonageJwt(authorization, request.rawBody, this.settings.signatureSecret);
    }
    let fields: Record<string, unknown>;
    try {
      fields = reportFields(request);
    } catch {
      return false;
    }
    const params = Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, String(value as string)]));
    if (!params.sig) return false;
    return this.vonage.sms.verifySignature(
      params.sig,
      params,
      this.settings.signatureSecret,
      (this.settings.signatureMethod ?? 'MD5HASH') as never,
    );
  }

  parseReport(request: InboundReportRequest): DeliveryReport[] {
    return parseVonageReport(request);
  }

  parseInbound(request: InboundReportRequest): InboundSms[] {
    return parseVonageInbound(request);
  }

  async close(): Promise<void> {}
}

export const vonageAdapterFactory: ProviderAdapterFactory<VonageSettings> = {
  kind: 'vonage',
  formats: ['text', 'unicode', 'flash', 'binary'],
  settingsClass: VonageSettings,
  secretSettings: ['apiSecret', 'signatureSecret'],
  create: (settings, context) => new VonageAdapter(settings, context),
};
