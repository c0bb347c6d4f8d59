import { ProviderError } from '../provider-adapter';
import { COMMAND_STATUS, commandStatusName, submitError } from './smpp.errors';
import { parseReceipt } from './smpp.receipts';
import type { DeliveryReport, InboundSms } from '../provider-adapter';
import { ESM_CLASS_RECEIPT, isMobileOriginated, readMobileOriginated } from './smpp.inbound';
import { smppLibrary, type SmppPdu, type SmppSession } from './smpp-library';
import type { SmppSettings } from './smpp.settings';
import { SubmitWindow } from './submit-window';

interface BindWaiter {
  resolve(): void;
  reject(error: ProviderError): void;
}

interface PendingSubmit {
  reject(error: ProviderError): void;
}

/**
 * One transceiver bind, kept up: binds on start, answers the SMSC's enquire_link/deliver_sm/unbind, sends its
 * own enquire_link (a missing answer drops the link), and rebinds with exponential backoff whenever the link
 * drops. Submits wait for a window slot and for the bind; a link that drops with submits unanswered fails them
 * as transient (the SMSC may or may not have taken them).
 */
export class SmppLink {
  private session?: SmppSession;
  private bound = false;
  private closed = false;
  private backoffMs: number;
  private reconnectTimer?: NodeJS.Timeout;
  private enquireTimer?: NodeJS.Timeout;
  private lastBindError?: string;
  private readonly bindWaiters = new Set<BindWaiter>();
  private readonly pending = new Set<PendingSubmit>();
  readonly window: SubmitWindow;

  constructor(
    private readonly settings: SmppSettings,
    private readonly onReceipt: (report: DeliveryReport) => void,
    /** Resolves once the inbound SMS is safely handed on; the deliver_sm is answered only then. */
    private readonly onInbound?: (sms: InboundSms) => Promise<void>,
  ) {
    this.window = new SubmitWindow(settings.windowSize ?? 10);
    this.backoffMs = settings.reconnectMinMs ?? 500;
  }

  private get responseTimeoutMs(): number {
    return this.settings.responseTimeoutMs ?? 10_000;
  }

  get isBound(): boolean {
    return this.bound;
  }

  start(): void {
    if (this.closed || this.session) return;
    const session = smppLibrary.connect({ host: this.settings.host, port: this.settings.port, tls: this.settings.tls ?? false });
    this.session = session;
    session.on(this.settings.tls ? 'secureConnect' : 'connect', () => this.bind(session));
    // 'close' follows every 'error'; the reconnect happens there.
    session.on('error', (error: Error) => (this.lastBindError ??= error.message));
    session.on('close', () => this.linkLost(session));
    session.on('enquire_link', (pdu: SmppPdu) => session.send(pdu.response()));
    session.on('unbind', (pdu: SmppPdu) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('deliver_sm', (pdu: SmppPdu) => this.deliver(session, pdu));
  }

  private bind(session: SmppSession): void {
    // An SMSC that takes the connection but never answers the bind must not hold the link forever.
    const bindDeadline = setTimeout(() => {
      this.lastBindError = 'no bind_transceiver_resp';
      session.destroy();
    }, this.responseTimeoutMs);
    session.once('close', () => clearTimeout(bindDeadline));
    session.bind_transceiver(
      {
        system_id: this.settings.systemId,
        password: this.settings.password,
        system_type: this.settings.systemType ?? '',
        interface_version: 0x34,
      },
      (pdu) => {
        clearTimeout(bindDeadline);
        if (pdu.command_status !== COMMAND_STATUS.ESME_ROK) {
          this.lastBindError = `bind refused: ${commandStatusName(pdu.command_status)}`;
          session.destroy();
          return;
        }
        this.bound = true;
        this.lastBindError = undefined;
        this.backoffMs = this.settings.reconnectMinMs ?? 500;
        this.scheduleEnquireLink(session);
        for (const waiter of this.bindWaiters) waiter.resolve();
        this.bindWaiters.clear();
      },
    );
  }

  private scheduleEnquireLink(session: SmppSession): void {
    clearTimeout(this.enquireTimer);
    this.enquireTimer = setTimeout(() => {
      if (session !== this.session || !this.bound) return;
      const deadline = setTimeout(() => session.destroy(), this.responseTimeoutMs);
      const sent = session.enquire_link({}, () => {
        clearTimeout(deadline);
        this.scheduleEnquireLink(session);
      });
      if (!sent) session.destroy();
    }, this.settings.enquireLinkMs ?? 30_000);
  }

  private deliver(session: SmppSession, pdu: SmppPdu): void {
    if (isMobileOriginated(pdu)) {
      this.deliverMobileOriginated(session, pdu);
      return;
    }
    session.send(pdu.response());
    if (((pdu.esm_class ?? 0) & ESM_CLASS_RECEIPT) === 0) return;
    const message = pdu.short_message;
    const raw = typeof message === 'object' && message !== null && !Buffer.isBuffer(message) ? message.message : message;
    const report = parseReceipt({
      text: raw === undefined ? '' : Buffer.isBuffer(raw) ? raw.toString('latin1') : raw,
      receiptedMessageId: pdu.receipted_message_id,
      messageState: pdu.message_state,
    });
    if (report) this.onReceipt(report);
  }

  /**
   * A short message from a handset: answered ESME_ROK once it is handed on, ESME_RX_T_APPN (try again later) when
   * it could not be, so the SMSC keeps it and delivers it again instead of it being lost.
   */
  private deliverMobileOriginated(session: SmppSession, pdu: SmppPdu): void {
    const sms = readMobileOriginated(pdu);
    if (!sms) {
      session.send(pdu.response());
      return;
    }
    if (!this.onInbound) {
      session.send(pdu.response({ command_status: COMMAND_STATUS.ESME_RX_T_APPN }));
      return;
    }
    this.onInbound(sms).then(
      () => session.send(pdu.response()),
      () => session.send(pdu.response({ command_status: COMMAND_STATUS.ESME_RX_T_APPN })),
    );
  }

  private linkLost(session: SmppSession): void {
    if (session !== this.session) return;
    this.session = undefined;
    this.bound = false;
    clearTimeout(this.enquireTimer);
    const lost = new ProviderError('transient', 'link_lost', 'SMPP link dropped before the SMSC answered');
    for (const submit of this.pending) submit.reject(lost);
    this.pending.clear();
    if (this.closed) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.settings.reconnectMaxMs ?? 30_000);
    this.reconnectTimer = setTimeout(() => this.start(), delay);
  }

  private waitForBind(): Promise<void> {
    if (this.bound) return Promise.resolve();
    if (this.closed) return Promise.reject(new ProviderError('transient', 'closed', 'SMPP adapter is closed'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.bindWaiters.delete(waiter);
        reject(new ProviderError('transient', 'not_bound', `SMPP not bound${this.lastBindError ? ` (${this.lastBindError})` : ''}`));
      }, this.responseTimeoutMs);
      const waiter: BindWaiter = {
        resolve: () => (clearTimeout(timer), resolve()),
        reject: (error) => (clearTimeout(timer), reject(error)),
      };
      this.bindWaiters.add(waiter);
    });
  }

  /** Sends one submit_sm within the window; resolves with the SMSC's message_id. */
  async submit(options: Record<string, unknown>): Promise<string> {
    await this.window.acquire();
    try {
      await this.waitForBind();
      return await this.submitBound(options);
    } finally {
      this.window.release();
    }
  }

  private submitBound(options: Record<string, unknown>): Promise<string> {
    const session = this.session!;
    return new Promise<string>((resolve, reject) => {
      let settled = false;
      const entry: PendingSubmit = {
        reject: (error) => finish(() => reject(error)),
      };
      const finish = (settle: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.pending.delete(entry);
        settle();
      };
      const timer = setTimeout(
        () => finish(() => reject(new ProviderError('transient', 'response_timeout', 'no submit_sm_resp in time'))),
        this.responseTimeoutMs,
      );
      this.pending.add(entry);
      const sent = session.submit_sm(options, (pdu) => {
        if (pdu.command_status !== COMMAND_STATUS.ESME_ROK) finish(() => reject(submitError(pdu.command_status)));
        else if (!pdu.message_id) finish(() => reject(new ProviderError('transient', 'no_message_id', 'submit_sm_resp without message_id')));
        else finish(() => resolve(pdu.message_id!));
      });
      if (!sent) finish(() => reject(new ProviderError('transient', 'link_lost', 'SMPP socket not writable')));
    });
  }

  /** Unbinds politely (bounded by the response timeout) and stops reconnecting. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.enquireTimer);
    const closing = new ProviderError('transient', 'closed', 'SMPP adapter is closed');
    for (const waiter of this.bindWaiters) waiter.reject(closing);
    this.bindWaiters.clear();
    const session = this.session;
    if (!session) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => session.destroy(), Math.min(this.responseTimeoutMs, 2000));
      session.once('close', () => (clearTimeout(force), resolve()));
      if (!this.bound || !session.unbind({}, () => session.close())) session.destroy();
    });
  }
}
