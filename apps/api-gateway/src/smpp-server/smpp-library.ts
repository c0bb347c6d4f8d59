import type { EventEmitter } from 'node:events';
import type { Server } from 'node:net';

/** A decoded short_message or message_payload, as the `smpp` package hands it over. */
export interface SmppMessageField {
  message?: string | Buffer;
  udh?: Buffer[];
}

/** The parts of the untyped `smpp` package's PDU the server reads and writes. */
export interface SmppPdu {
  command: string;
  command_id: number;
  command_status: number;
  sequence_number: number;
  system_id?: string;
  password?: string;
  source_addr?: string;
  source_addr_ton?: number;
  destination_addr?: string;
  dest_addr_ton?: number;
  esm_class?: number;
  data_coding?: number;
  registered_delivery?: number;
  short_message?: SmppMessageField | Buffer | string;
  message_payload?: SmppMessageField | Buffer | string;
  response(options?: Record<string, unknown>): SmppPdu;
}

export type SmppCallback = (pdu: SmppPdu) => void;

export interface SmppServerSession extends EventEmitter {
  send(pdu: SmppPdu, responseCallback?: SmppCallback): boolean;
  deliver_sm(options: Record<string, unknown>, responseCallback?: SmppCallback): boolean;
  unbind(options?: Record<string, unknown>, responseCallback?: SmppCallback): boolean;
  close(callback?: () => void): void;
  destroy(callback?: () => void): void;
  socket: { remoteAddress?: string };
}

export interface SmppListeningServer extends Server {
  sessions: SmppServerSession[];
}

interface SmppLibrary {
  createServer(listener: (session: SmppServerSession) => void): SmppListeningServer;
  PDU: new (command: string, options?: Record<string, unknown>) => SmppPdu;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const smppLibrary = require('smpp') as SmppLibrary;

/** SMPP 3.4 command_status values the server answers with (section 5.1.3). */
export const SMPP_STATUS = {
  ESME_ROK: 0x00,
  ESME_RINVMSGLEN: 0x01,
  ESME_RINVCMDLEN: 0x02,
  ESME_RINVCMDID: 0x03,
  ESME_RINVBNDSTS: 0x04,
  ESME_RALYBND: 0x05,
  ESME_RSYSERR: 0x08,
  ESME_RINVDSTADR: 0x0b,
  ESME_RBINDFAIL: 0x0d,
  ESME_RINVPASWD: 0x0e,
  ESME_RINVSYSID: 0x0f,
  ESME_RINVESMCLASS: 0x43,
  ESME_RSUBMITFAIL: 0x45,
  ESME_RTHROTTLED: 0x58,
  ESME_RINVDCS: 0x104,
} as const;

/** data_coding values accepted in submit_sm. */
export const DATA_CODING = { SMSC_DEFAULT: 0x00, IA5: 0x01, LATIN1: 0x03, UCS2: 0x08 } as const;

/** esm_class bits: UDH indicator (submit_sm), delivery receipt (deliver_sm). */
export const ESM_CLASS = { UDHI: 0x40, DELIVERY_RECEIPT: 0x04 } as const;
