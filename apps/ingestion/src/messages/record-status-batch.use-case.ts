import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MessageStatusBatchPayload } from '@zagel/contracts';
import { MessageStatusRecorder } from './message-status-recorder';

/**
 * `message.status.batch` (bulk lane): up to 500 status steps in one transaction, with a constant
 * number of statements. Idempotent per step without an inbox: a step already in a message's history
 * (same message, status and time) changes nothing, so a redelivered batch, or one that overlaps an
 * earlier one, applies only what is new; the order of steps, within a batch or across batches, does
 * not matter (see foldStatusSteps).
 */
@Injectable()
export class RecordStatusBatchUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly recorder: MessageStatusRecorder,
  ) {}

  async execute(batch: MessageStatusBatchPayload): Promise<void> {
    const steps = batch.items.map((item) => ({
      messageId: item.messageId,
      organizationId: item.organizationId,
      status: item.status,
      at: new Date(item.at),
      route: item.route,
      deviceId: item.deviceId,
      provider: item.provider,
      providerAccountId: item.providerAccountId,
      providerMessageId: item.providerMessageId,
      errorCode: item.errorCode,
    }));
    return this.dataSource.transaction((manager) => this.recorder.record(manager, steps));
  }
}
