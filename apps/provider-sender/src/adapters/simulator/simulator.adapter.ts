import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  AdapterContext,
  DELIVERY_REPORT_STATUSES,
  DeliveryReport,
  DeliveryReportStatus,
  InboundReportRequest,
  OutboundSms,
  ProviderAdapter,
  ProviderError,
  SubmitResult,
} from '../provider-adapter';
import { SimulatorSettings } from './simulator.settings';

export const SIMULATOR_SIGNATURE_HEADER = 'x-simulator-signature';

/** The simulator's provider message id: derived from Zagel's id, so tests can post reports before sending. */
export function simulatorMessageId(messageId: string): string {
  return `sim-${messageId}`;
}

export function signSimulatorReport(secret: string, rawBody: string): string {
  return createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex');
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A provider that exists only in this process: configurable latency, failures and delivery reports,
 * random or deterministic. Reports come through context.onReport like an SMPP connection's, or through
 * the webhook (JSON `{providerMessageId, status, errorCode?}` or an array of them).
 */
export class SimulatorAdapter implements ProviderAdapter {
  readonly kind = 'simulator' as const;
  readonly maxSegments: number;
  private submits = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly settings: SimulatorSettings,
    private readonly context: AdapterContext,
    private readonly random: () => number = Math.random,
  ) {
    this.maxSegments = settings.maxSegments ?? 10;
  }

  async send(sms: OutboundSms): Promise<SubmitResult> {
    this.submits += 1;
    const settings = this.settings;
    const providerMessageId = simulatorMessageId(sms.messageId);
    if (settings.reportBeforeResponse) this.report(providerMessageId, sms.to, 0);
    if (settings.latencyMs) await sleep(settings.latencyMs);
    if (settings.invalidNumberSuffixes?.some((suffix) => sms.to.endsWith(suffix))) {
      throw new ProviderError('permanent', 'invalid_number', `${sms.to} is not a valid number`);
    }
    if (settings.down || this.submits <= (settings.failTransientlyTimes ?? 0)) {
      throw new ProviderError('transient', 'provider_unavailable', 'the simulated provider is unavailable');
    }
    const roll = this.random();
    const transient = settings.transientFailureRate ?? 0;
    if (roll < transient) throw new ProviderError('transient', 'provider_unavailable', 'simulated transient failure');
    if (roll < transient + (settings.permanentFailureRate ?? 0)) {
      throw new ProviderError('permanent', 'rejected', 'simulated permanent failure');
    }
    if (!settings.reportBeforeResponse && settings.reportDelayMs !== undefined) {
      this.report(providerMessageId, sms.to, settings.reportDelayMs);
    }
    return { providerMessageId };
  }

  verifyReport(request: InboundReportRequest): boolean {
    const secret = this.settings.webhookSecret;
    if (!secret) return true;
    const given = Buffer.from(request.headers[SIMULATOR_SIGNATURE_HEADER] ?? '', 'utf8');
    const expected = Buffer.from(signSimulatorReport(secret, request.rawBody), 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  parseReport(request: InboundReportRequest): DeliveryReport[] {
    const body: unknown = JSON.parse(request.rawBody);
    const items = Array.isArray(body) ? body : [body];
    return items.map((item: unknown) => {
      const report = item as Partial<DeliveryReport> | null;
      if (
        typeof report?.providerMessageId !== 'string' ||
        report.providerMessageId.length === 0 ||
        !DELIVERY_REPORT_STATUSES.includes(report.status as DeliveryReportStatus)
      ) {
        throw new Error('a simulator report needs providerMessageId and a known status');
      }
      return {
        providerMessageId: report.providerMessageId,
        status: report.status as DeliveryReportStatus,
        ...(typeof report.errorCode === 'string' && { errorCode: report.errorCode }),
      };
    });
  }

  close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    return Promise.resolve();
  }

  private report(providerMessageId: string, to: string, delayMs: number): void {
    const undelivered =
      this.settings.undeliveredSuffixes?.some((suffix) => to.endsWith(suffix)) ??
      this.random() >= (this.settings.deliveredRatio ?? 1);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      // Stamped when the handset answers, not at submission: a report timed before the `sent` it follows
      // would put `delivered` before `sent` in the message's history.
      const at = new Date().toISOString();
      const report: DeliveryReport = undelivered
        ? { providerMessageId, status: 'undelivered', errorCode: 'handset_unreachable', at }
        : { providerMessageId, status: 'delivered', at };
      this.context.onReport(report);
    }, delayMs);
    this.timers.add(timer);
  }
}
