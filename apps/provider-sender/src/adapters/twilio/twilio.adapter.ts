import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';
import { validateRequest, validateRequestWithBody } from 'twilio/lib/webhooks/webhooks';
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
import { formFields, queryParam, reportIsJson } from '../shared/report-body';
import { twilioError } from './twilio.errors';
import { parseTwilioInbound, TWILIO_INBOUND_ANSWER } from './twilio.inbound';
import { parseTwilioReport } from './twilio.reports';
import { TwilioSettings } from './twilio.settings';

/**
 * The SDK builds every URI on `https://api.twilio.com` and only lets edge/region change the host name,
 * so the account's `apiBaseUrl` is applied by the HTTP client the SDK accepts (`httpClient` option):
 * it swaps scheme, host and port and leaves path, auth and body to the SDK.
 */
class RebasedRequestClient extends RequestClient {
  constructor(
    private readonly base: URL,
    timeoutMs: number,
  ) {
    super({ timeout: timeoutMs, autoRetry: false });
  }

  override request<T>(opts: RequestClient.RequestOptions<T>) {
    const uri = new URL(opts.uri);
    uri.protocol = this.base.protocol;
    uri.host = this.base.host;
    return super.request({ ...opts, uri: uri.toString() });
  }
}

class TwilioAdapter implements ProviderAdapter {
  readonly kind = 'twilio' as const;
  /** Twilio accepts bodies up to 1600 characters, which it splits into at most 10 segments. */
  readonly maxSegments = 10;
  readonly inboundAnswer = TWILIO_INBOUND_ANSWER;
  private readonly client: ReturnType<typeof twilio>;

  constructor(
    private readonly settings: TwilioSettings,
    private readonly context: AdapterContext,
  ) {
    const timeoutMs = settings.timeoutMs ?? 15_000;
    this.client = twilio(settings.accountSid, settings.authToken, {
      autoRetry: false,
      timeout: timeoutMs,
      ...(settings.apiBaseUrl ? { httpClient: new RebasedRequestClient(new URL(settings.apiBaseUrl), timeoutMs) } : {}),
    });
  }

  async send(sms: OutboundSms): Promise<SubmitResult> {
    const from = sms.from ?? this.settings.from;
    const statusCallback = sms.statusCallbackUrl ?? this.context.reportUrl;
    try {
      const message = await this.client.messages.create({
        to: sms.to,
        body: sms.body,
        ...(from ? { from } : { messagingServiceSid: this.settings.messagingServiceSid }),
        ...(statusCallback ? { statusCallback } : {}),
      });
      return { providerMessageId: message.sid };
    } catch (error) {
      throw twilioError(error);
    }
  }

  verifyReport(request: InboundReportRequest): boolean {
    const signature = request.headers['x-twilio-signature'];
    if (!signature) return false;
    const hasBodyHash = queryParam(request.url, 'bodySHA256') !== undefined;
    try {
      if (reportIsJson(request) || hasBodyHash) {
        return validateRequestWithBody(this.settings.authToken, signature, request.url, request.rawBody);
      }
      return validateRequest(this.settings.authToken, signature, request.url, formFields(request.rawBody));
    } catch {
      return false;
    }
  }

  parseReport(request: InboundReportRequest): DeliveryReport[] {
    return parseTwilioReport(request);
  }

  parseInbound(request: InboundReportRequest): InboundSms[] {
    return parseTwilioInbound(request);
  }

  async close(): Promise<void> {}
}

export const twilioAdapterFactory: ProviderAdapterFactory<TwilioSettings> = {
  kind: 'twilio',
  settingsClass: TwilioSettings,
  secretSettings: ['authToken'],
  create: (settings, context) => new TwilioAdapter(settings, context),
};
