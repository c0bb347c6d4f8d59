import {
  ProviderError,
  type AdapterContext,
  type DeliveryReport,
  type InboundReportRequest,
  type InboundSms,
  type OutboundSms,
  type ProviderAdapter,
  type ProviderAdapterFactory,
  type SubmitResult,
} from '../provider-adapter';
import { readJsonPath } from '../shared/json-path';
import { callProvider, isTransientHttpStatus, parseJson, retryAfterMs } from '../shared/provider-http';
import { parseHttpGatewayInbound } from './http.inbound';
import { parseHttpGatewayReport, verifyHttpGatewaySignature } from './http.reports';
import { HttpGatewaySettings } from './http.settings';
import { renderTemplate, type TemplateValues } from './http-template';

const CONTENT_TYPES = { json: 'application/json', form: 'application/x-www-form-urlencoded' } as const;

class HttpGatewayAdapter implements ProviderAdapter {
  readonly kind = 'http' as const;
  readonly maxSegments: number;

  constructor(
    private readonly settings: HttpGatewaySettings,
    private readonly context: AdapterContext,
  ) {
    this.maxSegments = settings.maxSegments ?? 10;
    if (settings.lookupUrlTemplate) this.findSubmitted = (sms) => this.lookUp(settings.lookupUrlTemplate as string, sms);
  }

  findSubmitted?: (sms: OutboundSms) => Promise<SubmitResult | null>;

  async send(sms: OutboundSms): Promise<SubmitResult> {
    const { settings } = this;
    const values = this.templateValues(sms);
    const headers: Record<string, string> = {};
    for (const [name, template] of Object.entries(settings.headers ?? {})) headers[name] = renderTemplate(template, values, 'header');
    let body: string | undefined;
    if (settings.bodyFormat !== 'none' && settings.method !== 'GET') {
      body = renderTemplate(settings.bodyTemplate ?? '', values, settings.bodyFormat);
      const hasContentType = Object.keys(headers).some((name) => name.toLowerCase() === 'content-type');
      if (!hasContentType) headers['content-type'] = CONTENT_TYPES[settings.bodyFormat];
    }
    const response = await callProvider(
      renderTemplate(settings.urlTemplate, values, 'url'),
      { method: settings.method, headers, body },
      settings.timeoutMs ?? 15_000,
    );
    const answer = parseJson(response.text);
    const statusOk = response.status >= (settings.successStatusMin ?? 200) && response.status <= (settings.successStatusMax ?? 299);
    const valueOk = !settings.successPath || String(readJsonPath(answer, settings.successPath)) === settings.successValue;
    const providerMessageId = readJsonPath(answer, settings.providerIdPath);
    if (statusOk && valueOk && (typeof providerMessageId === 'string' || typeof providerMessageId === 'number')) {
      return { providerMessageId: String(providerMessageId) };
    }
    throw this.refusal(response.status, answer, statusOk && valueOk, retryAfterMs(response.headers));
  }

  private templateValues(sms: OutboundSms): TemplateValues {
    return {
      to: sms.to,
      body: sms.body,
      messageId: sms.messageId,
      from: sms.from ?? this.settings.from ?? '',
      reportUrl: sms.statusCallbackUrl ?? this.context.reportUrl ?? '',
    };
  }

  private async lookUp(template: string, sms: OutboundSms): Promise<SubmitResult | null> {
    const values = this.templateValues(sms);
    const headers: Record<string, string> = {};
    for (const [name, header] of Object.entries(this.settings.headers ?? {})) {
      if (name.toLowerCase() !== 'content-type') headers[name] = renderTemplate(header, values, 'header');
    }
    const response = await callProvider(renderTemplate(template, values, 'url'), { method: 'GET', headers }, this.settings.timeoutMs ?? 15_000);
    if (response.status === 404) return null;
    const providerMessageId = readJsonPath(parseJson(response.text), this.settings.providerIdPath);
    if (response.status >= 200 && response.status < 300 && (typeof providerMessageId === 'string' || typeof providerMessageId === 'number')) {
      return { providerMessageId: String(providerMessageId) };
    }
    throw new ProviderError('transient', `lookup_http_${response.status}`, `gateway lookup answered HTTP ${response.status}`);
  }

  private refusal(status: number, answer: unknown, looksAccepted: boolean, retryAfter: number | undefined): ProviderError {
    const rawCode = this.settings.errorCodePath ? readJsonPath(answer, this.settings.errorCodePath) : undefined;
    const code = rawCode !== undefined && rawCode !== null ? String(rawCode as string) : `http_${status}`;
    if (looksAccepted) {
      // Accepted by every rule but without an id: we cannot track it, and resending could duplicate it.
      return new ProviderError('permanent', 'missing_provider_id', `no provider id at '${this.settings.providerIdPath}'`);
    }
    const message = `gateway ${code}: refused the message (HTTP ${status})`;
    const transient = isTransientHttpStatus(status) || (this.settings.transientErrorCodes ?? []).includes(code);
    if (transient) return new ProviderError('transient', code, message, retryAfter);
    const recipientCode = Object.hasOwn(this.settings.recipientErrorCodes ?? {}, code) ? this.settings.recipientErrorCodes![code] : undefined;
    return new ProviderError('permanent', recipientCode ?? code, message);
  }

  verifyReport(request: InboundReportRequest): boolean {
    return verifyHttpGatewaySignature(request, this.settings);
  }

  parseReport(request: InboundReportRequest): DeliveryReport[] {
    return parseHttpGatewayReport(request, this.settings);
  }

  parseInbound(request: InboundReportRequest): InboundSms[] {
    return parseHttpGatewayInbound(request, this.settings);
  }

  async close(): Promise<void> {}
}

export const httpGatewayAdapterFactory: ProviderAdapterFactory<HttpGatewaySettings> = {
  kind: 'http',
  settingsClass: HttpGatewaySettings,
  /** Gateways take credentials in the URL, headers or body, so the templates are masked with the signing secret. */
  secretSettings: ['urlTemplate', 'lookupUrlTemplate', 'headers', 'bodyTemplate', 'reportSigningSecret'],
  create: (settings, context) => new HttpGatewayAdapter(settings, context),
};
