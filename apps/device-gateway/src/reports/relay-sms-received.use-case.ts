import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DeviceEventAck, InboundSmsReceived, SmsReceivedReport } from '@zagel/contracts';
import { Bus } from '@zagel/messaging';

/**
 * A phone's `sms:received` goes on the bus as `inbound.sms-received` (channel `device`), naming the
 * phone its token authenticated, never one it names itself. The same SMS reported twice has the same
 * dedupe key, so consumers take it once.
 */
@Injectable()
export class RelaySmsReceivedUseCase {
  constructor(private readonly bus: Bus) {}

  async execute(deviceId: string, report: SmsReceivedReport): Promise<DeviceEventAck> {
    const dedupeKey = createHash('sha256').update(JSON.stringify([deviceId, report.from, report.receivedAt, report.body])).digest('hex');
    await this.bus.publish(InboundSmsReceived, {
      dedupeKey: `device:${dedupeKey}`,
      channel: 'device',
      deviceId,
      from: report.from,
      body: report.body,
      receivedAt: new Date(report.receivedAt).toISOString(),
    });
    return { ok: true };
  }
}
