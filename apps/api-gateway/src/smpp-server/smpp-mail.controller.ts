import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { SmppMoReceived, SmppMoReceivedPayload, SmppReceiptDue, SmppReceiptDuePayload } from '@zagel/contracts';
import { SmppMailbox } from './smpp-mailbox';

/**
 * Final statuses of messages submitted over SMPP and replies to them (ingestion publishes only those): into
 * the submitting key's mailbox.
 */
@Controller()
export class SmppMailController {
  constructor(private readonly mailbox: SmppMailbox) {}

  @EventPattern(SmppReceiptDue.type)
  receiptDue(@Payload() receipt: SmppReceiptDuePayload): Promise<void> {
    return this.mailbox.post(receipt.apiKeyId, { kind: 'receipt', receipt });
  }

  @EventPattern(SmppMoReceived.type)
  moReceived(@Payload() mo: SmppMoReceivedPayload): Promise<void> {
    return this.mailbox.post(mo.apiKeyId, { kind: 'mo', mo });
  }
}
