import type { EventEmitter } from 'node:events';
import type { AddressInfo, Server } from 'node:net';

interface Pdu {
  command: string;
  command_status: number;
  system_id?: string;
  password?: string;
  system_type?: string;
  destination_addr?: string;
  source_addr?: string;
  source_addr_ton?: number;
  data_coding?: number;
  esm_class?: number;
  registered_delivery?: number;
  short_message?: { message?: string | Buffer; udh?: Buffer[] };
  message_payload?: { message?: string | Buffer };
  response(options?: Record<string, unknown>): Pdu;
}

interface Session extends EventEmitter {
  send(pdu: Pdu): boolean;
  deliver_sm(options: Record<string, unknown>, callback?: (pdu: Pdu) => void): boolean;
  enquire_link(options: Record<string, unknown>, callback?: (pdu: Pdu) => void): boolean;
  destroy(): void;
  close(): void;
}

interface SmppServer extends Server {
  sessions: Session[];
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const smpp = require('smpp') as { createServer(listener: (session: Session) => void): SmppServer };

/** SMPP 3.4 command_status values the fake answers with. */
export const SMPP_STATUS = {
  ESME_ROK: 0x00,
  ESME_RSYSERR: 0x08,
  ESME_RINVDSTADR: 0x0b,
  ESME_RINVPASWD: 0x0e,
  ESME_RMSGQFUL: 0x14,
  ESME_RTHROTTLED: 0x58,
} as const;

export interface ReceivedSubmit {
  messageId: string;
  destination: string;
  source: string;
  /** source_addr_ton: 5 alphanumeric, 1 international. */
  sourceTon: number;
  dataCoding: number;
  esmClass: number;
  registeredDelivery: number;
  /** Decoded text of short_message or message_payload (without the UDH). */
  text: string;
  /** Concatenation header [reference, total, sequence], when the part carries one. */
  concat?: [number, number, number];
  /** The user data header's information elements (hex, without the length octet), when the part carries one. */
  udh?: string;
  /** The data after the UDH as sent (hex), for 8-bit messages (data_coding 4). */
  binary?: string;
  viaPayload: boolean;
}

/**
 * A small SMSC on `smpp.createServer`: checks bind_transceiver credentials, answers enquire_link, accepts
 * submit_sm (decoding GSM-7/UCS-2 and the concatenation UDH), can hold responses (to observe an ESME's window),
 * fail the next submits with a command_status, send delivery receipts as deliver_sm, and drop every link.
 */
export class FakeSmsc {
  readonly submits: ReceivedSubmit[] = [];
  readonly binds: Array<{ systemId: string; systemType: string; accepted: boolean }> = [];
  enquireLinks = 0;
  /** Take connections but never answer bind_transceiver (a hung SMSC). */
  ignoreBinds = false;
  /** Most submit_sm seen unanswered at once on one session. */
  maxOutstanding = 0;
  private holding = false;
  private readonly held: Array<() => void> = [];
  private readonly failures: number[] = [];
  private nextId = 0x1000;
  private server?: SmppServer;
  private port = 0;

  constructor(
    readonly systemId: string,
    readonly password: string,
  ) {}

  static async start(systemId = 'zagel', password = 'secret12'): Promise<FakeSmsc> {
    const smsc = new FakeSmsc(systemId, password);
    smsc.server = smpp.createServer((session) => smsc.accept(session));
    await new Promise<void>((resolve) => smsc.server!.listen(0, '127.0.0.1', () => resolve()));
    smsc.port = (smsc.server.address() as AddressInfo).port;
    return smsc;
  }

  get host(): string {
    return '127.0.0.1';
  }

  get listeningPort(): number {
    return this.port;
  }

  get boundSessions(): number {
    return this.server?.sessions.length ?? 0;
  }

  /** The next `count` submit_sm are answered with this command_status. */
  failNext(count: number, commandStatus: number): void {
    for (let i = 0; i < count; i += 1) this.failures.push(commandStatus);
  }

  /** Stop answering submit_sm until `release()`. */
  hold(): void {
    this.holding = true;
  }

  release(): void {
    this.holding = false;
    for (const respond of this.held.splice(0)) respond();
  }

  get heldCount(): number {
    return this.held.length;
  }

  /** Destroys every open link (as an SMSC restart would). */
  dropAllLinks(): void {
    for (const session of [...(this.server?.sessions ?? [])]) session.destroy();
  }

  /**
   * A delivery receipt (esm_class 0x04) in the SMPP 3.4 Appendix B text format, on every bound session;
   * resolves once each ESME answered it (deliver_sm_resp).
   */
  async sendReceipt(messageId: string, stat: string, err = '000'): Promise<void> {
    const now = new Date();
    const stamp = `${String(now.getUTCFullYear() % 100).padStart(2, '0')}${String(now.getUTCMonth() + 1).padStart(2, '0')}${String(now.getUTCDate()).padStart(2, '0')}${String(now.getUTCHours()).padStart(2, '0')}${String(now.getUTCMinutes()).padStart(2, '0')}`;
    const text = `id:${messageId} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} submit date:${stamp} done date:${stamp} stat:${stat} err:${err} text:`;
    await Promise.all(
      (this.server?.sessions ?? []).map((session) => new Promise<void>((answered) => session.deliver_sm({ esm_class: 0x04, data_coding: 0x01, short_message: text }, () => answered()))),
    );
  }

  /**
   * A short message from a handset (mobile originated): deliver_sm with esm_class 0 on every bound session,
   * `source_addr` international (TON 1), the text in GSM 03.38 (data_coding 0) or UCS-2 (8). With `parts`, the text
   * is split into that many deliver_sm, each with a concatenation UDH (IEI 0x00, the given reference). Resolves with
   * each deliver_sm_resp's command_status once every ESME answered every part.
   */
  async sendMobileOriginated(message: { source: string; destination: string; text: string; dataCoding?: 0 | 8; parts?: number; reference?: number }): Promise<number[]> {
    const dataCoding = message.dataCoding ?? 0;
    const total = message.parts ?? 1;
    const size = Math.ceil(message.text.length / total);
    const texts = Array.from({ length: total }, (_, index) => message.text.slice(index * size, (index + 1) * size));
    const reference = message.reference ?? 0x42;
    const statuses: number[] = [];
    for (const session of this.server?.sessions ?? []) {
      for (const [index, text] of texts.entries()) {
        const short_message = total > 1 ? { udh: Buffer.from([0x05, 0x00, 0x03, reference, total, index + 1]), message: text } : { message: text };
        statuses.push(
          await new Promise<number>((answered) =>
            session.deliver_sm(
              {
                source_addr_ton: 1,
                source_addr_npi: 1,
                source_addr: message.source.replace(/^\+/, ''),
                dest_addr_ton: 1,
                dest_addr_npi: 1,
                destination_addr: message.destination.replace(/^\+/, ''),
                esm_class: 0,
                data_coding: dataCoding,
                short_message,
              },
              (pdu) => answered(pdu.command_status),
            ),
          ),
        );
      }
    }
    return statuses;
  }

  /**
   * An enquire_link to every bound ESME, resolved once each answered: whatever an ESME was going to
   * send before reading it (a submit it had ready) has reached this SMSC by then.
   */
  async ping(): Promise<void> {
    await Promise.all((this.server?.sessions ?? []).map((session) => new Promise<void>((answered) => session.enquire_link({}, () => answered()))));
  }

  async close(): Promise<void> {
    this.release();
    this.dropAllLinks();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(session: Session): void {
    let bound = false;
    let outstanding = 0;
    session.on('error', () => undefined);
    session.on('bind_transceiver', (pdu: Pdu) => {
      if (this.ignoreBinds) return;
      const accepted = pdu.system_id === this.systemId && pdu.password === this.password;
      this.binds.push({ systemId: pdu.system_id ?? '', systemType: pdu.system_type ?? '', accepted });
      bound = accepted;
      session.send(pdu.response({ command_status: accepted ? SMPP_STATUS.ESME_ROK : SMPP_STATUS.ESME_RINVPASWD, system_id: 'FakeSMSC' }));
    });
    session.on('enquire_link', (pdu: Pdu) => {
      this.enquireLinks += 1;
      session.send(pdu.response());
    });
    session.on('unbind', (pdu: Pdu) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('submit_sm', (pdu: Pdu) => {
      if (!bound) {
        session.send(pdu.response({ command_status: 0x04 }));
        return;
      }
      outstanding += 1;
      this.maxOutstanding = Math.max(this.maxOutstanding, outstanding);
      const respond = () => {
        outstanding -= 1;
        session.send(this.answer(pdu));
      };
      if (this.holding) this.held.push(respond);
      else respond();
    });
  }

  private answer(pdu: Pdu): Pdu {
    const failure = this.failures.shift();
    if (failure !== undefined) return pdu.response({ command_status: failure });
    const destination = pdu.destination_addr ?? '';
    if (!/^[1-9]\d{6,14}$/.test(destination)) return pdu.response({ command_status: SMPP_STATUS.ESME_RINVDSTADR });
    const viaPayload = Boolean(pdu.message_payload?.message);
    const body = viaPayload ? pdu.message_payload! : (pdu.short_message ?? {});
    const udh = pdu.short_message?.udh?.find((header) => header[0] === 0x00 && header[1] === 0x03);
    const messageId = (this.nextId++).toString(16).toUpperCase();
    this.submits.push({
      messageId,
      destination,
      source: pdu.source_addr ?? '',
      sourceTon: pdu.source_addr_ton ?? 0,
      dataCoding: pdu.data_coding ?? 0,
      esmClass: pdu.esm_class ?? 0,
      registeredDelivery: pdu.registered_delivery ?? 0,
      text: typeof body.message === 'string' ? body.message : (body.message?.toString('latin1') ?? ''),
      ...(udh ? { concat: [udh[2], udh[3], udh[4]] as [number, number, number] } : {}),
      ...(pdu.short_message?.udh?.length ? { udh: Buffer.concat(pdu.short_message.udh.map((element) => Buffer.from(element))).toString('hex') } : {}),
      ...(Buffer.isBuffer(body.message) ? { binary: body.message.toString('hex') } : {}),
      viaPayload,
    });
    return pdu.response({ message_id: messageId });
  }
}
