import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DeviceEventAck, DeviceEventError, InboundSmsReceived, SmsReceivedReport } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';
import { deviceGatewayMetrics } from '../devices/device-gateway.metrics';

/**
 * The same SMS reported again (the phone retrying after a lost ack, or listing its inbox anew) gets
 * the same key, so ingestion stores it once. The device comes from the socket's token, the rest from
 * the report: a phone can only ever repeat its own messages.
 */
export function inboundDedupeKey(deviceId: string, report: SmsReceivedReport): string {
  const digest = createHash('sha256').update(`${report.from}\n${new Date(report.receivedAt).toISOString()}\n${report.body}`).digest('hex');
  return `device:${deviceId}:${digest}`;
}

/**
 * A phone's `sms:received`: handed to the bus as `inbound.sms-received` (channel `device`) and acked
 * `{ok: true}` only once the broker confirmed it, so an SMS the phone was told is taken is never lost.
 */
@Injectable()
export class ReportSmsReceivedUseCase {
  private readonly logger = new Logger(ReportSmsReceivedUseCase.name);

  constructor(private readonly bus: Bus) {}

  async execute(deviceId: string, report: SmsReceivedReport): Promise<DeviceEventAck> {
    try {
      await this.bus.publish(InboundSmsReceived, {
        dedupeKey: inboundDedupeKey(deviceId, report),
        channel: 'device',
        deviceId,
        from: report.from,
        body: report.body,
        receivedAt: new Date(report.receivedAt).toISOString(),
      });
    } catch (error) {
      this.logger.warn(`inbound SMS of device ${deviceId} not relayed: ${error instanceof Error ? error.message : String(error)}`);
      deviceGatewayMetrics.receivedReports.inc({ outcome: 'unavailable' });
      return { ok: false, error: DeviceEventError.Unavailable };
    }
    deviceGatewayMetrics.receivedReports.inc({ outcome: 'relayed' });
    return { ok: true };
  }
}
