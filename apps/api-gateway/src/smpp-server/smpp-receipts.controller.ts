import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { SmppReceiptDue, SmppReceiptDuePayload } from '@zagel/contracts';
import { ReceiptMailbox } from './receipt-mailbox';

/** Final statuses of messages submitted over SMPP (ingestion publishes only those): into their key's mailbox. */
@Controller()
export class SmppReceiptsController {
  constructor(private readonly mailbox: ReceiptMailbox) {}

  @EventPattern(SmppReceiptDue.type)
  receiptDue(@Payload() receipt: SmppReceiptDuePayload): Promise<void> {
    return this.mailbox.post(receipt);
  }
}
