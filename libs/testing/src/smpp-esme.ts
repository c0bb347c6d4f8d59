import type { EventEmitter } from 'node:events';

/** A PDU as the `smpp` package hands it to a client. */
export interface EsmePdu {
  command: string;
  command_status: number;
  sequence_number: number;
  message_id?: string;
  esm_class?: number;
  source_addr?: string;
  destination_addr?: string;
  short_message?: { message?: string | Buffer } | Buffer | string;
  receipted_message_id?: string;
  message_state?: number;
  response(options?: Record<string, unknown>): EsmePdu;
}

export interface EsmeSession extends EventEmitter {
  send(pdu: EsmePdu, callback?: (pdu: EsmePdu) => void): boolean;
  bind_transceiver(options: Record<string, unknown>, callback: (pdu: EsmePdu) => void): boolean;
  bind_transmitter(options: Record<string, unknown>, callback: (pdu: EsmePdu) => void): boolean;
  bind_receiver(options: Record<string, unknown>, callback: (pdu: EsmePdu) => void): boolean;
  submit_sm(options: Record<string, unknown>, callback: (pdu: EsmePdu) => void): boolean;
  enquire_link(options: Record<string, unknown>, callback: (pdu: EsmePdu) => void): boolean;
  unbind(options: Record<string, unknown>, callback: (pdu: EsmePdu) => void): boolean;
  close(callback?: () => void): void;
  destroy(callback?: () => void): void;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const smpp = require('smpp') as { connect(options: { host: string; port: number }, listener?: () => void): EsmeSession };

/**
 * A customer's ESME on the `smpp` package, as an integration would use it: promise-shaped commands, and every
 * deliver_sm it receives answered with deliver_sm_resp and kept in `delivered`.
 */
export class TestEsme {
  readonly delivered: EsmePdu[] = [];

  private constructor(readonly session: EsmeSession) {
    session.on('deliver_sm', (pdu: EsmePdu) => {
      this.delivered.push(pdu);
      session.send(pdu.response());
    });
    session.on('error', () => undefined);
  }

  static connect(port: number): Promise<TestEsme> {
    return new Promise((resolve, reject) => {
      const session = smpp.connect({ host: '127.0.0.1', port }, () => resolve(new TestEsme(session)));
      session.once('error', reject);
    });
  }

  /** The command's response PDU. */
  request(command: 'bind_transceiver' | 'bind_transmitter' | 'bind_receiver' | 'submit_sm' | 'enquire_link' | 'unbind', options: Record<string, unknown> = {}): Promise<EsmePdu> {
    return new Promise((resolve, reject) => {
      if (!this.session[command](options, resolve)) reject(new Error(`${command}: the connection is closed`));
    });
  }

  /** Resolves when the server closed the connection. */
  closed(): Promise<void> {
    return new Promise((resolve) => this.session.once('close', () => resolve()));
  }

  close(): void {
    this.session.destroy();
  }
}
