import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DeviceEventAck, DeviceEventError, InboundSmsReceived, SmsReceivedReport } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';

/**
 * A phone's `sms:received`, relayed as `inbound.sms-received` (channel `device`, the device taken from
 * the socket's token, never from the report) and acked only once the broker has it. The same SMS
 * reported again gets the same dedupe key. (Minimal relay for canaries; the inbound work brings the full one.)
 */
@Injectable()
export class RelaySmsReceivedUseCase {
  private readonly logger = new Logger(RelaySmsReceivedUseCase.name);

  constructor(private readonly bus: Bus) {}

  async execute(deviceId: string, report: SmsReceivedReport): Promise<DeviceEventAck> {
    const receivedAt = new Date(report.receivedAt).toISOString();
    const digest = createHash('sha256').update(`${report.from}\n${receivedAt}\n${report.body}`).digest('hex');
    try {
      await this.bus.publish(InboundSmsReceived, { dedupeKey: `device:${deviceId}:${digest}`, channel: 'device', deviceId, from: report.from, body: report.body, receivedAt });
    } catch (error) {
      this.logger.warn(`inbound SMS of device ${deviceId} not relayed: ${error instanceof Error ? error.message : String(error)}`);
      return { ok: false, error: DeviceEventError.Unavailable };
    }
    return { ok: true };
  }
}
