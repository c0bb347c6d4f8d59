import type {
  DeliveryReport,
  InboundReportRequest,
  InboundSms,
  OutboundSms,
  ProviderAdapter,
  ProviderAdapterFactory,
  SubmitResult,
  TemplateSms,
} from '../provider-adapter';
import { callProvider, parseJson } from '../shared/provider-http';
import { hasReportToken } from '../shared/report-body';
import { kavenegarError } from './kavenegar.errors';
import { parseKavenegarInbound } from './kavenegar.inbound';
import { lookupFields } from './kavenegar.lookup';
import { kavenegarStatus, parseKavenegarReport } from './kavenegar.reports';
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

  /** verify/lookup: the template named by the code, its tokens from the variables (checked against Kavenegar's rules first). */
  async sendTemplate(sms: TemplateSms): Promise<SubmitResult> {
    const { template, tokens } = lookupFields(sms.templateCode, sms.variables);
    const form = new URLSearchParams({ receptor: sms.to.replace(/^\+/, ''), template, ...tokens, type: 'sms' });
    const answer = await this.call('verify/lookup.json', form);
    const messageId = answer.entries?.[0]?.messageid;
    if (messageId === undefined) throw kavenegarError(502, 'verify/lookup answered without a messageid');
    return { providerMessageId: String(messageId) };
  }

  readonly pollBatchSize = 500;

  /** sms/status.json: up to 500 message ids a call; ids Kavenegar does not know (status 100) are left out. */
  async pollReports(providerMessageIds: string[]): Promise<DeliveryReport[]> {
    const answer = await this.call('sms/status.json', new URLSearchParams({ messageid: providerMessageIds.join(',') }));
    return (answer.entries ?? []).flatMap((entry) => {
      const status = entry.status === undefined ? undefined : kavenegarStatus(String(entry.status));
      if (entry.messageid === undefined || !status) return [];
      return [{ providerMessageId: String(entry.messageid), ...status }];
    });
  }

  private async call(method: string, form: URLSearchParams): Promise<KavenegarAnswer> {
    const response = await callProvider(
      `${this.baseUrl}/v1/${encodeURIComponent(this.settings.apiKey)}/${method}`,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() },
      this.settings.timeoutMs ?? 15_000,
    );
    const answer = (parseJson(response.text) ?? {}) as KavenegarAnswer;
    const status = answer.return?.status ?? response.status;
    if (status === 200) return answer;
    throw kavenegarError(status, answer.return?.message ?? `Kavenegar HTTP ${response.status}`);
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
