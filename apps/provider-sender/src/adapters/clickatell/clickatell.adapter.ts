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
import { clickatellError } from './clickatell.errors';
import { parseClickatellInbound } from './clickatell.inbound';
import { parseClickatellReport } from './clickatell.reports';
import { ClickatellSettings } from './clickatell.settings';

interface ClickatellAnswer {
  messages?: Array<{ apiMessageId?: string | null; accepted?: boolean; to?: string; errorCode?: number | null; error?: string | null; errorDescription?: string | null }>;
  errorCode?: number | null;
  error?: string | null;
  errorDescription?: string | null;
}

class ClickatellAdapter implements ProviderAdapter {
  readonly kind = 'clickatell' as const;
  /** One API error 100 ("maximum message parts exceeded") starts above this. */
  readonly maxSegments = 10;
  private readonly baseUrl: string;

  constructor(private readonly settings: ClickatellSettings) {
    this.baseUrl = (settings.baseUrl ?? 'https://platform.clickatell.com').replace(/\/$/, '');
  }

  async send(sms: OutboundSms): Promise<SubmitResult> {
    const from = sms.from ?? this.settings.from;
    const response = await callProvider(
      `${this.baseUrl}/messages`,
      {
        method: 'POST',
        headers: { authorization: this.settings.apiKey, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          messages: [{ channel: 'sms', to: sms.to.replace(/^\+/, ''), content: sms.body, clientMessageId: sms.messageId, ...(from ? { from } : {}) }],
        }),
      },
      this.settings.timeoutMs ?? 15_000,
    );
    const answer = (parseJson(response.text) ?? {}) as ClickatellAnswer;
    const message = answer.messages?.[0];
    if (response.status >= 200 && response.status < 300 && message?.accepted && message.apiMessageId) {
      return { providerMessageId: message.apiMessageId };
    }
    const errorCode = message?.errorCode ?? answer.errorCode ?? undefined;
    const description = message?.errorDescription ?? message?.error ?? answer.errorDescription ?? answer.error ?? `Clickatell HTTP ${response.status}`;
    throw clickatellError(response.status, errorCode ?? undefined, description, retryAfterMs(response.headers));
  }

  verifyReport(request: InboundReportRequest): boolean {
    return hasReportToken(request, this.settings.reportToken);
  }

  parseReport(request: InboundReportRequest): DeliveryReport[] {
    return parseClickatellReport(request);
  }

  parseInbound(request: InboundReportRequest): InboundSms[] {
    return parseClickatellInbound(request);
  }

  async close(): Promise<void> {}
}

export const clickatellAdapterFactory: ProviderAdapterFactory<ClickatellSettings> = {
  kind: 'clickatell',
  settingsClass: ClickatellSettings,
  secretSettings: ['apiKey', 'reportToken'],
  create: (settings) => new ClickatellAdapter(settings),
};
