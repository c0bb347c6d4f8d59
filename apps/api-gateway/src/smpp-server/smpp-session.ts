import { Logger } from '@nestjs/common';
import { receiptDeliverSm } from './delivery-receipt';
import { moDeliverSm } from './mo-message';
import { ConcatenationHeader, destinationNumber, submittedText } from './short-message';
import { SMPP_STATUS, SmppPdu, SmppServerSession, smppLibrary } from './smpp-library';
import { SmppMail } from './smpp-mailbox';
import { SmppSubmission, SubmitOutcome } from './submit-message.use-case';

export type BindMode = 'transmitter' | 'receiver' | 'transceiver';

/** Who bound a session: the API key (system_id) and its organization. */
export interface SmppPrincipal {
  apiKeyId: string;
  organizationId: string;
}

/** What a session was bound with, so the server can check it again while the session lasts. */
export interface SmppCredentials {
  systemId: string;
  password: string;
}

/** What a session asks of the server around it. */
export interface SmppSessionHost {
  maxOutstandingSubmits: number;
  authenticate(systemId: string, password: string, mode: BindMode): Promise<SmppPrincipal | number>;
  submit(submission: SmppSubmission): Promise<SubmitOutcome>;
  bound(session: SmppSession): void;
  closed(session: SmppSession): void;
}

/** How long the parts of a long message wait for the rest before they are refused. */
const REASSEMBLY_TIMEOUT_MS = 60_000;
/** How long a receiver has to answer a deliver_sm before its mail is left for another try. */
const DELIVER_RESPONSE_TIMEOUT_MS = 30_000;

interface PendingParts {
  texts: (string | undefined)[];
  pdus: SmppPdu[];
  received: number;
  timer: NodeJS.Timeout;
}

const BIND_MODES: Record<string, BindMode> = {
  bind_transmitter: 'transmitter',
  bind_receiver: 'receiver',
  bind_transceiver: 'transceiver',
};

/** Responses the server reads through the library's callbacks (or ignores): never answered. */
const RESPONSES = new Set(['deliver_sm_resp', 'enquire_link_resp', 'unbind_resp', 'generic_nack', 'data_sm_resp']);

/**
 * One ESME's connection: bind, then submit_sm (transmitter, transceiver) and deliver_sm receipts (receiver,
 * transceiver); enquire_link and unbind in any state. A submit waits for its message to be accepted before it is
 * answered, so the ESME's window bounds the work in flight; past SMPP_MAX_OUTSTANDING_SUBMITS it is throttled.
 */
export class SmppSession {
  private readonly logger = new Logger(SmppSession.name);
  mode?: BindMode;
  principal?: SmppPrincipal;
  credentials?: SmppCredentials;
  private binding = false;
  private outstanding = 0;
  private readonly longMessages = new Map<string, PendingParts>();

  constructor(
    readonly id: string,
    private readonly raw: SmppServerSession,
    private readonly host: SmppSessionHost,
  ) {
    raw.on('pdu', (pdu: SmppPdu) => void this.onPdu(pdu));
    raw.on('error', (error: Error) => this.onError(error));
    raw.on('close', () => this.onClose());
  }

  get receives(): boolean {
    return this.mode === 'receiver' || this.mode === 'transceiver';
  }

  /** Sends a delivery receipt or an MO message; resolves true once the ESME acknowledged it with ESME_ROK. */
  deliver(mail: SmppMail): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), DELIVER_RESPONSE_TIMEOUT_MS);
      const fields = mail.kind === 'receipt' ? receiptDeliverSm(mail.receipt) : moDeliverSm(mail.mo);
      const sent = this.raw.deliver_sm(fields, (response) => {
        clearTimeout(timer);
        resolve(response.command_status === SMPP_STATUS.ESME_ROK);
      });
      if (!sent) {
        clearTimeout(timer);
        resolve(false);
      }
    });
  }

  /** Ends the session: an unbind the ESME may answer, then the connection closes. */
  close(): void {
    this.credentials = undefined;
    this.raw.unbind({}, () => this.raw.close());
    setTimeout(() => this.raw.destroy(), 2_000).unref();
  }

  private async onPdu(pdu: SmppPdu): Promise<void> {
    try {
      await this.dispatch(pdu);
    } catch (error) {
      this.logger.warn(`session ${this.id}: ${pdu.command} failed: ${String(error)}`);
      if (!pdu.command.endsWith('_resp')) this.raw.send(pdu.response({ command_status: SMPP_STATUS.ESME_RSYSERR }));
    }
  }

  private async dispatch(pdu: SmppPdu): Promise<void> {
    const bindMode = BIND_MODES[pdu.command];
    if (bindMode) return this.bind(pdu, bindMode);
    switch (pdu.command) {
      case 'enquire_link':
        this.raw.send(pdu.response());
        return;
      case 'unbind':
        this.raw.send(pdu.response(), () => this.raw.close());
        return;
      case 'submit_sm':
        return this.submit(pdu);
      case 'unknown':
        this.raw.send(pdu.response({ command_status: SMPP_STATUS.ESME_RINVCMDID }));
        return;
      default:
        if (RESPONSES.has(pdu.command) || pdu.command.endsWith('_resp')) return;
        // A valid SMPP command this server does not offer (query_sm, data_sm, submit_multi, ...).
        this.raw.send(new smppLibrary.PDU('generic_nack', { sequence_number: pdu.sequence_number, command_status: SMPP_STATUS.ESME_RINVCMDID }));
    }
  }

  private async bind(pdu: SmppPdu, mode: BindMode): Promise<void> {
    if (this.mode || this.binding) {
      this.raw.send(pdu.response({ command_status: SMPP_STATUS.ESME_RALYBND }));
      return;
    }
    this.binding = true;
    const principal = await this.host.authenticate(pdu.system_id ?? '', pdu.password ?? '', mode).finally(() => (this.binding = false));
    if (typeof principal === 'number') {
      this.raw.send(pdu.response({ command_status: principal }), () => this.raw.close());
      return;
    }
    this.mode = mode;
    this.principal = principal;
    this.credentials = { systemId: pdu.system_id ?? '', password: pdu.password ?? '' };
    this.raw.send(pdu.response({ system_id: 'Zagel' }));
    this.host.bound(this);
  }

  private async submit(pdu: SmppPdu): Promise<void> {
    if (!this.principal || this.mode === 'receiver') {
      this.raw.send(pdu.response({ command_status: SMPP_STATUS.ESME_RINVBNDSTS }));
      return;
    }
    if (this.outstanding >= this.host.maxOutstandingSubmits) {
      this.raw.send(pdu.response({ command_status: SMPP_STATUS.ESME_RTHROTTLED }));
      return;
    }
    const to = destinationNumber(pdu);
    if (!to) {
      this.raw.send(pdu.response({ command_status: SMPP_STATUS.ESME_RINVDSTADR }));
      return;
    }
    const content = submittedText(pdu);
    if (!content.ok) {
      this.raw.send(pdu.response({ command_status: content.status }));
      return;
    }
    this.outstanding += 1;
    if (content.concatenation) {
      this.holdPart(pdu, to, content.text, content.concatenation);
      return;
    }
    await this.submitWhole([pdu], to, content.text);
  }

  /** Parts wait, unanswered, for the rest of their message; all are answered with the one message's id. */
  private holdPart(pdu: SmppPdu, to: string, text: string, header: ConcatenationHeader): void {
    const key = `${to}|${header.reference}|${header.total}`;
    let pending = this.longMessages.get(key);
    if (!pending) {
      const timer = setTimeout(() => this.abandonParts(key), REASSEMBLY_TIMEOUT_MS);
      pending = { texts: new Array<string | undefined>(header.total).fill(undefined), pdus: [], received: 0, timer };
      this.longMessages.set(key, pending);
    }
    pending.pdus.push(pdu);
    if (pending.texts[header.sequence - 1] === undefined) pending.received += 1;
    pending.texts[header.sequence - 1] = text;
    if (pending.received < header.total) return;
    clearTimeout(pending.timer);
    this.longMessages.delete(key);
    void this.submitWhole(pending.pdus, to, pending.texts.join(''));
  }

  private abandonParts(key: string): void {
    const pending = this.longMessages.get(key);
    if (!pending) return;
    this.longMessages.delete(key);
    this.answer(pending.pdus, { ok: false, status: SMPP_STATUS.ESME_RSUBMITFAIL, reason: 'parts missing' });
  }

  private async submitWhole(pdus: SmppPdu[], to: string, text: string): Promise<void> {
    const principal = this.principal!;
    const registeredDelivery = pdus.some((pdu) => ((pdu.registered_delivery ?? 0) & 0x03) !== 0);
    const outcome = await this.host
      .submit({ ...principal, to, text, receipt: registeredDelivery, sequence: pdus[0]!.sequence_number })
      .catch((error: unknown): SubmitOutcome => ({ ok: false, status: SMPP_STATUS.ESME_RSYSERR, reason: String(error) }));
    this.answer(pdus, outcome);
  }

  private answer(pdus: SmppPdu[], outcome: SubmitOutcome): void {
    this.outstanding -= pdus.length;
    for (const pdu of pdus) {
      this.raw.send(outcome.ok ? pdu.response({ message_id: outcome.messageId }) : pdu.response({ command_status: outcome.status }));
    }
  }

  /** The library could not read a PDU (a length out of bounds, a truncated body): the stream is lost, say so and close. */
  private onError(error: Error): void {
    if ('syscall' in error) return; // a socket error: 'close' follows
    this.logger.warn(`session ${this.id}: malformed PDU: ${error.message}`);
    this.raw.send(new smppLibrary.PDU('generic_nack', { command_status: SMPP_STATUS.ESME_RINVCMDLEN }), () => this.raw.destroy());
  }

  private onClose(): void {
    for (const pending of this.longMessages.values()) clearTimeout(pending.timer);
    this.longMessages.clear();
    this.host.closed(this);
  }
}
