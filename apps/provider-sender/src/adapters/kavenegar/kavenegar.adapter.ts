import type {
  DeliveryReport,
  InboundReportRequest,
  InboundSms,
  OutboundSms,
  ProviderAdapter,
  ProviderAdapterFactory,
  SubmitResult,
} from '../provider-adapter';
import { callProvider, parseJson } from '../shared/provider-http';
import { hasReportToken } from '../shared/report-body';
import { kavenegarError } from './kavenegar.errors';
import { parseKavenegarInbound } from './kavenegar.inbound';
import { parseKavenegarReport } from './kavenegar.reports';
import { KavenegarSettings } from './kavenegar.settings';

interface KavenegarAnswer {
  return?: { status?: number; message?: string };
  entries?: Array<{ messageid?: number | string; status?: number }>;
}

class KavenegarAdapter implements ProviderAdapter {
  readonly kind = 'kavenegar' as const;
  readonly maxSegments = 8;
  private readonly baseUrl: string;

  constructor(private readonly settings: KavenegarSettings) {
    this.baseUrl = (settings.baseUrl ?? 'https://api.kavenegar.com').replace(/\/$/, '');
  }

  async send(sms: OutboundSms): Promise<SubmitResult> {
    const form = new URLSearchParams({ receptor: sms.to.replace(/^\+/, ''), message: sms.body, localid: sms.messageId });
    const sender = sms.from ?? this.settings.sender;
    if (sender) form.set('sender', sender);
    // Kavenegar's MessageType 0: shown on the screen, not stored (flash).
    if (sms.format === 'flash') form.set('type', '0');
    // `localid` makes a retried submit return the original message instead of sending it twice.
    const response = await callProvider(
      `${this.baseUrl}/v1/${encodeURIComponent(this.settings.apiKey)}/sms/send.json`,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() },
      this.settings.timeoutMs ?? 15_000,
    );
    const answer = (parseJson(response.text) ?? {}) as KavenegarAnswer;
    const status = answer.return?.status ?? response.status;
    const messageId = answer.entries?.[0]?.messageid;
    if (status === 200 && messageId !== undefined) return { providerMessageId: String(messageId) };
    throw kavenegarError(status === 200 ? 502 : status, answer.return?.message ?? `Kavenegar HTTP ${response.status}`);
  }

  verifyReport(request: InboundReportRequest): boolean {
    return hasReportToken(request, this.settings.reportToken);
  }

  parseReport(request: InboundReportRequest): DeliveryReport[] {
    return parseKavenegarReport(request);
  }

  parseInbound(request: InboundReportRequest): InboundSms[] {
    return parseKavenegarInbound(request);
  }

  async close(): Promise<void> {}
}

export const kavenegarAdapterFactory: ProviderAdapterFactory<KavenegarSettings> = {
  kind: 'kavenegar',
  formats: ['text', 'flash'],
  settingsClass: KavenegarSettings,
  secretSettings: ['apiKey', 'reportToken'],
  create: (settings) => new KavenegarAdapter(settings),
};
