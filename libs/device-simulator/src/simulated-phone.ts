import { EventEmitter } from 'node:events';
import { io, Socket } from 'socket.io-client';
import type {
  DeviceConfigNotice,
  DeviceDisconnectNotice,
  DeviceEventAck,
  DeviceHeartbeatReport,
  DeviceReconnectNotice,
  DeviceSmsStatusValue,
  DeviceToServerEvents,
  SimOperator,
  ServerToDeviceEvents,
  SmsSendAck,
  SmsSendRequest,
  TraceContext,
} from '@zagel/contracts';
import { DEVICE_NAMESPACE, echoedTraceContext } from '@zagel/contracts';
import { SimulatedAir } from './simulated-air';

/**
 * How the phone answers `sms:send`: normally; accepting but never reporting (the message stays in
 * flight); never (the gateway times out); by dropping the connection; or by lying (accepting and
 * reporting `sent` and `delivered` without putting the SMS on the air).
 */
export type SendBehaviour = 'normal' | 'ack-only' | 'no-ack' | 'disconnect-mid-send' | 'lie';

/** How a simulated failure shows: the phone refuses the message, or accepts it and reports `failed`. */
export type FailureMode = 'refuse' | 'report';

export interface LatencyRange {
  minMs: number;
  maxMs: number;
}

export interface SimulatedPhoneOptions {
  /** The device-gateway's base URL, e.g. http://127.0.0.1:3001. */
  gatewayUrl: string;
  token: string;
  /** For logs and lookups; the gateway takes the device from the token. */
  deviceId?: string;
  phoneNumber?: string;
  /** Time to answer `sms:send` and then to report `sent` (drawn per message). Default 0. */
  latency?: LatencyRange;
  /** Share of messages that fail (0..1). */
  failureRate?: number;
  failureMode?: FailureMode;
  behaviour?: SendBehaviour;
  /** Report `delivered` after `sent`, this long after. Default 0; negative = never. */
  deliveredAfterMs?: number;
  /** Heartbeat period; 0 = only on connect. Default 30 s. */
  heartbeatIntervalMs?: number;
  carrier?: SimOperator;
  battery?: number;
  signal?: number;
  /** Reconnect when the gateway says `device:reconnect` (default true). */
  reconnect?: boolean;
  random?: () => number;
  /** The network that carries what this phone sends and brings it what is sent to its number. */
  air?: SimulatedAir;
}

export interface ReceivedMessage extends SmsSendRequest {
  /** `Date.now()` when the phone received it. */
  receivedAt: number;
  /** `process.hrtime.bigint()` when it arrived, for latency measurements in-process. */
  receivedAtNs: bigint;
}

export interface InboundRecord {
  from: string;
  body: string;
  ack: DeviceEventAck;
}

export interface StatusReportRecord {
  messageId: string;
  status: DeviceSmsStatusValue;
  ack: DeviceEventAck;
}

type PhoneSocket = Socket<ServerToDeviceEvents, DeviceToServerEvents>;

const ACK_TIMEOUT_MS = 5_000;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One simulated phone on the device protocol: connects with its device token, answers `sms:send`
 * with the configured latency and failures, reports `sent` then `delivered`, sends heartbeats and
 * records everything it received. Emits `message`, `config`, `disconnect-notice`, `replaced`,
 * `reconnect-notice`, `connected`, `disconnected`.
 */
export class SimulatedPhone extends EventEmitter {
  readonly received: ReceivedMessage[] = [];
  readonly statusReports: StatusReportRecord[] = [];
  readonly inbound: InboundRecord[] = [];
  readonly configs: DeviceConfigNotice[] = [];
  readonly disconnectNotices: DeviceDisconnectNotice[] = [];
  readonly reconnectNotices: DeviceReconnectNotice[] = [];
  replaced = false;
  behaviour: SendBehaviour;
  private socket?: PhoneSocket;
  private heartbeatTimer?: NodeJS.Timeout;
  private reconnectTimer?: NodeJS.Timeout;
  private stopped = false;
  private readonly random: () => number;

  constructor(readonly options: SimulatedPhoneOptions) {
    super();
    this.behaviour = options.behaviour ?? 'normal';
    this.random = options.random ?? Math.random;
    if (options.air && options.phoneNumber) options.air.attach(options.phoneNumber, this);
  }

  get connected(): boolean {
    return this.socket?.connected ?? false;
  }

  /** Connects; rejects with the gateway's refusal code (e.g. `invalid_token`) as the error message. */
  connect(): Promise<void> {
    this.stopped = false;
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    const socket: PhoneSocket = io(`${this.options.gatewayUrl}${DEVICE_NAMESPACE}`, {
      transports: ['websocket'],
      auth: { token: this.options.token },
      reconnection: false,
      forceNew: true,
    });
    this.socket = socket;
    this.listen(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => {
        this.startHeartbeats();
        this.emit('connected');
        resolve();
      });
      socket.once('connect_error', (error) => reject(new Error(error.message)));
    });
  }

  /** Disconnects for good (no reconnect). */
  close(): void {
    this.stopped = true;
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.reconnectTimer);
    this.socket?.disconnect();
  }

  heartbeat(report: DeviceHeartbeatReport = this.heartbeatReport()): Promise<DeviceEventAck> {
    return this.requireSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('device:heartbeat', report);
  }

  /** Reports a message's status; `trace` is the trace context its `sms:send` carried, given back as a real agent does. */
  async reportStatus(messageId: string, status: DeviceSmsStatusValue, errorCode?: string, trace: Partial<TraceContext> = {}): Promise<DeviceEventAck> {
    const ack = await this.requireSocket()
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck('sms:status', { messageId, status, ...(errorCode ? { errorCode } : {}), at: new Date().toISOString(), ...trace });
    this.statusReports.push({ messageId, status, ack });
    return ack;
  }

  /** The SIM received an SMS: reports it to the gateway as `sms:received` (inbound, number proofs, canaries). */
  async receiveSms(from: string, body: string, receivedAt = new Date()): Promise<DeviceEventAck> {
    const ack = await this.requireSocket()
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck('sms:received', { from, body, receivedAt: receivedAt.toISOString() });
    this.inbound.push({ from, body, ack });
    this.emit('inbound', { from, body, ack });
    return ack;
  }

  /** Sends anything (tests of the gateway's input checks); resolves with the ack, or undefined if none came. */
  async emitRaw(event: string, ...args: unknown[]): Promise<unknown> {
    const socket = this.requireSocket() as unknown as Socket;
    try {
      return await socket.timeout(1_000).emitWithAck(event, ...args);
    } catch {
      return undefined;
    }
  }

  private listen(socket: PhoneSocket): void {
    socket.on('sms:send', (request, ack) => this.onSend(socket, request, ack));
    socket.on('device:config', (notice) => {
      this.configs.push(notice);
      this.emit('config', notice);
    });
    socket.on('device:disconnect', (notice) => {
      this.disconnectNotices.push(notice);
      this.emit('disconnect-notice', notice);
    });
    socket.on('device:replaced', () => {
      this.replaced = true;
      this.emit('replaced');
    });
    socket.on('device:reconnect', (notice) => {
      this.reconnectNotices.push(notice);
      this.emit('reconnect-notice', notice);
      if (this.options.reconnect !== false) this.scheduleReconnect(notice.retryAfterSeconds * 1_000);
    });
    socket.on('disconnect', (reason) => {
      clearInterval(this.heartbeatTimer);
      this.emit('disconnected', reason);
    });
  }

  private onSend(socket: PhoneSocket, request: SmsSendRequest, ack: (answer: SmsSendAck) => void): void {
    const message: ReceivedMessage = { ...request, receivedAt: Date.now(), receivedAtNs: process.hrtime.bigint() };
    this.received.push(message);
    this.emit('message', message);
    if (this.behaviour === 'no-ack') return;
    if (this.behaviour === 'disconnect-mid-send') {
      socket.disconnect();
      return;
    }
    void this.carry(request, ack);
  }

  private async carry(request: SmsSendRequest, ack: (answer: SmsSendAck) => void): Promise<void> {
    const fails = this.random() < (this.options.failureRate ?? 0);
    // The send's trace context goes back in the ack and in every report about it.
    const trace = echoedTraceContext(request);
    await delay(this.latency());
    if (fails && this.options.failureMode === 'refuse') {
      ack({ accepted: false, reason: 'simulated_refusal', ...trace });
      return;
    }
    ack({ accepted: true, ...trace });
    if (this.behaviour === 'ack-only') return;
    await delay(this.latency());
    try {
      if (Date.parse(request.expiresAt) <= Date.now()) {
        await this.reportStatus(request.messageId, 'failed', 'expired', trace);
        return;
      }
      if (fails) {
        await this.reportStatus(request.messageId, 'failed', 'simulated_failure', trace);
        return;
      }
      if (this.behaviour !== 'lie' && this.options.air) {
        await this.options.air
          .carry(this.options.phoneNumber ?? 'unknown', request.to, request.body)
          .catch((error: unknown) => this.emit('report-error', error));
      }
      await this.reportStatus(request.messageId, 'sent', undefined, trace);
      const deliveredAfter = this.options.deliveredAfterMs ?? 0;
      if (deliveredAfter < 0) return;
      await delay(deliveredAfter);
      await this.reportStatus(request.messageId, 'delivered', undefined, trace);
    } catch (error) {
      this.emit('report-error', error);
    }
  }

  private latency(): number {
    const range = this.options.latency;
    if (!range) return 0;
    return Math.round(range.minMs + this.random() * Math.max(0, range.maxMs - range.minMs));
  }

  private heartbeatReport(): DeviceHeartbeatReport {
    return {
      battery: this.options.battery ?? 90,
      signal: this.options.signal ?? 4,
      ...(this.options.carrier ? { carrier: this.options.carrier } : {}),
    };
  }

  private startHeartbeats(): void {
    clearInterval(this.heartbeatTimer);
    this.heartbeat().catch((error: unknown) => this.emit('report-error', error));
    const every = this.options.heartbeatIntervalMs ?? 30_000;
    if (every <= 0) return;
    this.heartbeatTimer = setInterval(() => {
      if (this.connected) this.heartbeat().catch((error: unknown) => this.emit('report-error', error));
    }, every);
    this.heartbeatTimer.unref();
  }

  private scheduleReconnect(afterMs: number, attempt = 0): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      if (this.stopped) return;
      this.connect().then(
        () => this.emit('reconnected'),
        () => this.scheduleReconnect(Math.min(1_000 * 2 ** attempt, 30_000), attempt + 1),
      );
    }, afterMs);
  }

  private requireSocket(): PhoneSocket {
    if (!this.socket) throw new Error('the phone is not connected');
    return this.socket;
  }
}
