import { EventEmitter } from 'node:events';
import { io, Socket } from 'socket.io-client';
import {
  DEVICE_NAMESPACE,
  DeviceConfigNotice,
  DeviceConnectError,
  DeviceEventAck,
  DeviceToServerEvents,
  ServerToDeviceEvents,
  SmsSendAck,
  SmsSendRequest,
} from '@zagel/contracts';
import { BackoffPolicy, backoffDelay, DEFAULT_BACKOFF, retryAfterDelay } from './backoff';

type DeviceSocket = Socket<ServerToDeviceEvents, DeviceToServerEvents>;
type PhoneEvent = keyof DeviceToServerEvents;

/** Refusals a retry cannot fix: the token is wrong, expired or revoked. */
const FATAL_REFUSALS = new Set<string>([DeviceConnectError.MissingToken, DeviceConnectError.InvalidToken, DeviceConnectError.ExpiredToken, DeviceConnectError.TokenRevoked]);

const ACK_TIMEOUT_MS = 10_000;

export interface DeviceConnectionEvents {
  connected: [];
  disconnected: [reason: string];
  /** Waiting this long before the next attempt. */
  retrying: [delayMs: number, why: string];
  /** The agent must stop: a refusal no retry fixes, or another connection with this token took over. */
  fatal: [reason: string];
  config: [notice: DeviceConfigNotice];
  send: [request: SmsSendRequest, ack: (answer: SmsSendAck) => void];
}

/**
 * The phone's Socket.IO connection to the device-gateway (`/device`, websocket transport,
 * `auth: {token}`), held until `close()`: reconnects after drops with exponential backoff and jitter,
 * and after `device:reconnect` or `device:disconnect` when the server says.
 */
export class DeviceConnection extends EventEmitter<DeviceConnectionEvents> {
  private socket?: DeviceSocket;
  private attempt = 0;
  private timer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly server: string,
    private readonly token: string,
    private readonly backoff: BackoffPolicy = DEFAULT_BACKOFF,
  ) {
    super();
  }

  get connected(): boolean {
    return this.socket?.connected ?? false;
  }

  open(): void {
    this.closed = false;
    this.connect();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.drop();
  }

  /** Emits a phone event and waits for the server's ack; rejects when not connected or on timeout. */
  async emitWithAck<E extends PhoneEvent>(event: E, payload: Parameters<DeviceToServerEvents[E]>[0]): Promise<DeviceEventAck> {
    const socket = this.socket;
    if (!socket?.connected) throw new Error('not connected');
    return (await (socket as unknown as Socket).timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload)) as DeviceEventAck;
  }

  private connect(): void {
    this.drop();
    const socket: DeviceSocket = io(`${this.server.replace(/\/+$/, '')}${DEVICE_NAMESPACE}`, {
      transports: ['websocket'],
      auth: { token: this.token },
      reconnection: false,
      forceNew: true,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.attempt = 0;
      this.emit('connected');
    });
    socket.on('connect_error', (error) => {
      if (FATAL_REFUSALS.has(error.message)) {
        this.closed = true;
        this.emit('fatal', error.message);
        return;
      }
      this.retryLater(backoffDelay(this.attempt++, this.backoff), error.message);
    });
    socket.on('disconnect', (reason) => {
      this.emit('disconnected', reason);
      // The server said when to come back (device:reconnect / device:disconnect) and a timer is already set.
      if (reason === 'io client disconnect' || this.timer) return;
      this.retryLater(backoffDelay(this.attempt++, this.backoff), reason);
    });
    socket.on('device:config', (notice) => this.emit('config', notice));
    socket.on('sms:send', (request, ack) => this.emit('send', request, ack));
    socket.on('device:reconnect', ({ retryAfterSeconds }) => this.serverSaysLater(retryAfterSeconds, 'device:reconnect'));
    socket.on('device:disconnect', ({ reason, retryAfterSeconds }) =>
      retryAfterSeconds === undefined ? this.retryLater(backoffDelay(this.attempt++, this.backoff), reason) : this.serverSaysLater(retryAfterSeconds, reason),
    );
    socket.on('device:replaced', () => {
      this.closed = true;
      this.drop();
      this.emit('fatal', 'replaced');
    });
  }

  private serverSaysLater(retryAfterSeconds: number, why: string): void {
    this.retryLater(retryAfterDelay(retryAfterSeconds), why);
    this.drop();
    this.emit('disconnected', why);
  }

  private retryLater(delayMs: number, why: string): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.emit('retrying', delayMs, why);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.closed) this.connect();
    }, delayMs);
  }

  private drop(): void {
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return;
    socket.removeAllListeners();
    socket.disconnect();
  }
}
