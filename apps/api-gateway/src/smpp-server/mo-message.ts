import { SmppMoReceivedPayload } from '@zagel/contracts';
import { analyzeSms } from '@zagel/sms-encoding';
import { DATA_CODING } from './smpp-library';

const address = (value: string) => value.replace(/^\+/, '');

/**
 * The deliver_sm of an MO message (esm_class 0): GSM-7 when every character allows it, else UCS-2; a text
 * longer than one segment travels whole in message_payload, as most ESMEs expect from an SMSC.
 */
export function moDeliverSm(mo: SmppMoReceivedPayload): Record<string, unknown> {
  const analysis = analyzeSms(mo.body);
  const data_coding = analysis.encoding === 'GSM-7' ? DATA_CODING.SMSC_DEFAULT : DATA_CODING.UCS2;
  const text = { message: mo.body };
  const international = /^\+\d+$/.test(mo.from);
  return {
    source_addr: address(mo.from),
    source_addr_ton: international ? 1 : 5,
    source_addr_npi: international ? 1 : 0,
    destination_addr: mo.to ? address(mo.to) : '',
    esm_class: 0,
    data_coding,
    ...(analysis.segments > 1 ? { message_payload: text } : { short_message: text }),
  };
}
