import type {
  DeliveryReport,
  InboundReportRequest,
  InboundSms,
  OutboundSms,
  ProviderAdapter,
  ProviderAdapterFactory,
  SubmitResult,
} from '../provider-adapter';
import { callProvider, parseJson, retryAfterMs } from '../shared/provider-http';
import { hasReportToken } from '../shared/report-body';
import { smsIrError } from './smsir.errors';
import { parseSmsIrInbound } from './smsir.inbound';
import { SmsIrSettings } from './smsir.settings';

interface SmsIrAnswer {
  status?: number;
  message?: string;
  data?: { packId?: string; messageIds?: Array<number | string>; cost?: number } | null;
}

/** SMS.IR delivers no push receipts: delivery state is polled (`GET /v1/send/{messageId}`), outside this interface. */
export const SMSIR_HAS_NO_REPORT_WEBHOOK = 'SMS.IR has no delivery report webhook (delivery state is polled per message id)';

/** Iranian mobiles as SMS.IR wants them: 09xxxxxxxxx. */
function localMobile(e164: string): string {
  return e164.startsWith('+98') ? `0${e164.slice(3)}` : e164.replace(/^\+/, '');
}

class SmsIrAdapter implements ProviderAdapter {
  readonly kind = 'smsir' as const;
  readonly maxSegments = 8;
  private readonly baseUrl: string;

  constructor(private readonly settings: SmsIrSettings) {
    this.baseUrl = (settings.baseUrl ?? 'https://api.sms.ir').replace(/\/$/, '');
  }

  async send(sms: OutboundSms): Promise<SubmitResult> {
    const response = await callProvider(
      `${this.baseUrl}/v1/send/bulk`,
      {
        method: 'POST',
        headers: { 'x-api-key': this.settings.apiKey, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          // A message's own sender is one of the account's lines (digits); an alphanumeric id is not a line.
          lineNumber: Number(sms.from && /^\d+$/.test(sms.from) ? sms.from : this.settings.lineNumber),
          messageText: sms.body,
          mobiles: [localMobile(sms.to)],
          sendDateTime: null,
        }),
      },
      this.settings.timeoutMs ?? 15_000,
    );
    const answer = (parseJson(response.text) ?? {}) as SmsIrAnswer;
    const messageId = answer.data?.messageIds?.[0];
    if (response.status === 200 && answer.status === 1 && messageId !== undefined) {
      return { providerMessageId: String(messageId) };
    }
    const message = answer.message ?? `SMS.IR HTTP ${response.status}`;
    throw smsIrError(response.status, answer.status, message, retryAfterMs(response.headers));
  }

  /** SMS.IR signs nothing: its received-message webhook URL carries the account's `inboundToken` (`?token=`). */
  verifyReport(request: InboundReportRequest): boolean {
    return hasReportToken(request, this.settings.inboundToken);
  }

  parseReport(): DeliveryReport[] {
    throw new Error(SMSIR_HAS_NO_REPORT_WEBHOOK);
  }

  parseInbound(request: InboundReportRequest): InboundSms[] {
    return parseSmsIrInbound(request);
  }

  async close(): Promise<void> {}
}

export const smsIrAdapterFactory: ProviderAdapterFactory<SmsIrSettings> = {
  kind: 'smsir',
  settingsClass: SmsIrSettings,
  secretSettings: ['apiKey', 'inboundToken'],
  create: (settings) => new SmsIrAdapter(settings),
};
