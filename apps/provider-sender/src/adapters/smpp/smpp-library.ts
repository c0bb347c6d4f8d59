import type { EventEmitter } from 'node:events';

/** The parts of the untyped `smpp` package this adapter uses. */
export interface SmppPdu {
  command: string;
  command_status: number;
  sequence_number: number;
  esm_class?: number;
  message_id?: string;
  short_message?: { message?: string | Buffer; udh?: Buffer[] } | Buffer | string;
  receipted_message_id?: string;
  message_state?: number;
  source_addr?: string;
  source_addr_ton?: number;
  destination_addr?: string;
  data_coding?: number | null;
  message_payload?: { message?: string | Buffer; udh?: Buffer[] } | Buffer | string;
  sar_msg_ref_num?: number;
  sar_total_segments?: number;
  sar_segment_seqnum?: number;
  response(options?: Record<string, unknown>): SmppPdu;
}

export type SmppCallback = (pdu: SmppPdu) => void;

export interface SmppSession extends EventEmitter {
  send(pdu: SmppPdu, responseCallback?: SmppCallback): boolean;
  bind_transceiver(options: Record<string, unknown>, responseCallback: SmppCallback): boolean;
  submit_sm(options: Record<string, unknown>, responseCallback: SmppCallback): boolean;
  enquire_link(options: Record<string, unknown>, responseCallback: SmppCallback): boolean;
  unbind(options: Record<string, unknown>, responseCallback: SmppCallback): boolean;
  close(callback?: () => void): void;
  destroy(callback?: () => void): void;
}

interface SmppLibrary {
  connect(options: { host: string; port: number; tls?: boolean }, listener?: () => void): SmppSession;
}

interface SmppDefinitions {
  gsmCoder: { encode(text: string, shiftTable: number): Buffer };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const smppLibrary = require('smpp') as SmppLibrary;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const definitions = require('smpp/lib/defs') as SmppDefinitions;

/** GSM 03.38 default alphabet, one septet per octet (unpacked, as SMPP carries data_coding 0), escapes included. */
export function encodeGsm7(text: string): Buffer {
  return definitions.gsmCoder.encode(text, 0x00);
}
