import { SmppReceiptDuePayload, SmppReceiptStatus } from '@zagel/contracts';
import { ESM_CLASS } from './smpp-library';

/** SMPP 3.4 Appendix B: the receipt's `stat:` word and the message_state TLV's value per final status. */
const STATES: Record<SmppReceiptStatus, { stat: string; state: number; err: string }> = {
  delivered: { stat: 'DELIVRD', state: 2, err: '000' },
  expired: { stat: 'EXPIRED', state: 3, err: '003' },
  canceled: { stat: 'DELETED', state: 4, err: '004' },
  undelivered: { stat: 'UNDELIV', state: 5, err: '001' },
  failed: { stat: 'REJECTD', state: 8, err: '002' },
};

/** `YYMMDDhhmm` in UTC, as receipts carry dates. */
function receiptDate(iso: string): string {
  const at = new Date(iso);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(at.getUTCFullYear() % 100)}${two(at.getUTCMonth() + 1)}${two(at.getUTCDate())}${two(at.getUTCHours())}${two(at.getUTCMinutes())}`;
}

/** The de-facto standard receipt text (SMPP 3.4 Appendix B). */
export function receiptText(receipt: SmppReceiptDuePayload): string {
  const { stat, err } = STATES[receipt.status];
  const delivered = receipt.status === 'delivered' ? '001' : '000';
  return `id:${receipt.messageId} sub:001 dlvrd:${delivered} submit date:${receiptDate(receipt.submittedAt)} done date:${receiptDate(receipt.doneAt)} stat:${stat} err:${err} text:${receipt.text}`;
}

/** The deliver_sm fields of a receipt: esm_class 0x04, the text, receipted_message_id and message_state. */
export function receiptDeliverSm(receipt: SmppReceiptDuePayload): Record<string, unknown> {
  return {
    source_addr: receipt.to.replace(/^\+/, ''),
    source_addr_ton: 1,
    source_addr_npi: 1,
    esm_class: ESM_CLASS.DELIVERY_RECEIPT,
    data_coding: 0,
    short_message: { message: receiptText(receipt) },
    receipted_message_id: receipt.messageId,
    message_state: STATES[receipt.status].state,
  };
}
