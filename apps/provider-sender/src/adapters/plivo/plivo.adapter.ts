import * as plivo from 'plivo';
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
import { formFields } from '../shared/report-body';
import { plivoError } from './plivo.errors';
import { parsePlivoInbound } from './plivo.inbound';
import { parsePlivoReport } from './plivo.reports';
import { PlivoSettings } from './plivo.settings';

class PlivoAdapter implements ProviderAdapter {
  readonly kind = 'plivo' as const;
  /** Plivo splits long text itself and accepts up to 1600 GSM characters (about 10 segments). */
  readonly maxSegments = 10;
  private readonly client: plivo.Client;

  constructor(
    private readonly settings: PlivoSettings,
    private readonly context: AdapterContext,
  ) {
    // The SDK's options are merged over its defaults, so `url` (the account base) is an override it supports.
    const base = settings.apiBaseUrl?.replace(/\/$/, '');
    this.client = new plivo.Client(settings.authId, settings.authToken, {
      timeout: settings.timeoutMs ?? 15_000,
      ...(base ? { url: `${base}/v1/Account/${settings.authId}` } : {}),
    } as never);
  }

  async send(sms: OutboundSms): Promise<SubmitResult> {
    const url = sms.statusCallbackUrl ?? this.context.reportUrl;
    const from = sms.from ?? this.settings.from;
    try {
      const response = (await this.client.messages.create(
        from ?? (null as unknown as string),
        sms.to.replace(/^\+/, ''),
        sms.body,
        url ? { url, method: 'POST' } : {},
        from ? undefined : this.settings.powerpackUuid,
      )) as { messageUuid?: string[]; message_uuid?: string[] };
      const id = (response.messageUuid ?? response.message_uuid)?.[0];
      if (!id) throw plivoError(Object.assign(new Error('Plivo answered without a message_uuid'), { status: 502 }));
      return { providerMessageId: id };
    } catch (error) {
      throw plivoError(error);
    }
  }

  /**
   * Plivo signature V3: the SDK's `validateV3Signature` over method, the URL as called, the nonce and (for
   * POST) the form parameters. A signature header may list several signatures (comma-separated).
   */
  verifyReport(request: InboundReportRequest): boolean {
    const signature = request.headers['x-plivo-signature-v3'];
    const nonce = request.headers['x-plivo-signature-v3-nonce'];
    if (!signature || !nonce) return false;
    const method = request.method.toUpperCase();
    if (method !== 'GET' && method !== 'POST') return false;
    const params = method === 'POST' ? formFields(request.rawBody) : {};
    try {
      return plivo.validateV3Signature(method, request.url, nonce, this.settings.authToken, signature, params) as boolean;
    } catch {
      return false;
    }
  }

  parseReport(request: InboundReportRequest): DeliveryReport[] {
    return parsePlivoReport(request);
  }

  parseInbound(request: InboundReportRequest): InboundSms[] {
    return parsePlivoInbound(request);
  }

  async close(): Promise<void> {}
}

export const plivoAdapterFactory: ProviderAdapterFactory<PlivoSettings> = {
  kind: 'plivo',
  settingsClass: PlivoSettings,
  secretSettings: ['authToken'],
  create: (settings, context) => new PlivoAdapter(settings, context),
};
