import { Type } from 'class-transformer';
import { IsBoolean, IsDateString, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { TraceContext } from '../headers';
import { DEVICE_SMS_STATUSES, DeviceSmsStatusValue, SimOperator } from './device-reports.event';

/**
 * The Socket.IO protocol between a phone and the device-gateway (namespace `/device`, websocket
 * transport, handshake `auth: {token}`). Documented in docs/device-protocol.asyncapi.yaml; a test
 * checks the document against the event names and payload classes here.
 */
export const DEVICE_NAMESPACE = '/device';

/** Stable `connect_error` messages: why the gateway refused a handshake. */
export enum DeviceConnectError {
  MissingToken = 'missing_token',
  InvalidToken = 'invalid_token',
  ExpiredToken = 'expired_token',
  TokenRevoked = 'token_revoked',
  ShuttingDown = 'shutting_down',
  Unavailable = 'unavailable',
}

/** Stable `error` values in the server's acks to phone events. */
export enum DeviceEventError {
  InvalidPayload = 'invalid_payload',
  UnknownMessage = 'unknown_message',
  UnknownEvent = 'unknown_event',
  RateLimited = 'rate_limited',
  Unavailable = 'unavailable',
}

/** W3C `traceparent`: version, trace id, parent span id, flags (lowercase hex). */
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * The W3C trace context a payload may carry (tracing on): the gateway puts it in `sms:send`, and the
 * phone's ack and `sms:status` reports about that message give it back, so the report continues the
 * send's trace. Phones that ignore it lose nothing but the trace.
 */
class TraceContextFields {
  @IsOptional()
  @Matches(TRACEPARENT)
  traceparent?: string;

  @IsOptional()
  @IsString()
  @MaxLength(512)
  tracestate?: string;
}

/** The trace context an `sms:send` carried, for the phone to give back unchanged in its ack and reports. */
export function echoedTraceContext(request: Partial<TraceContext>): Partial<TraceContext> {
  return {
    ...(request.traceparent !== undefined ? { traceparent: request.traceparent } : {}),
    ...(request.tracestate !== undefined ? { tracestate: request.tracestate } : {}),
  };
}

// ---- server → phone ----

export class SmsSendRequest extends TraceContextFields {
  @IsString()
  messageId: string;

  @Matches(/^\+[1-9]\d{6,14}$/)
  to: string;

  @IsString()
  @MaxLength(1_600)
  body: string;

  @IsDateString()
  expiresAt: string;
}

/** The phone's answer to `sms:send`: it takes the message (and will report its status) or refuses it. */
export class SmsSendAck extends TraceContextFields {
  @IsBoolean()
  accepted: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;
}

export class DeviceConfigNotice {
  @IsInt()
  @Min(0)
  dailyQuota: number;

  @IsBoolean()
  paused: boolean;
}

export class DeviceDisconnectNotice {
  @IsString()
  reason: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  retryAfterSeconds?: number;
}

export class DeviceReconnectNotice {
  @IsInt()
  @Min(0)
  retryAfterSeconds: number;
}

// ---- phone → server ----

export class SmsStatusReport extends TraceContextFields {
  @IsString()
  @MaxLength(64)
  messageId: string;

  @IsIn(DEVICE_SMS_STATUSES)
  status: DeviceSmsStatusValue;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  errorCode?: string;

  @IsDateString()
  at: string;
}

/** An SMS the phone's SIM received: inbound traffic, and the proof of a number or a canary's arrival. */
export class SmsReceivedReport {
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  from: string;

  @IsString()
  @MaxLength(1_600)
  body: string;

  @IsDateString()
  receivedAt: string;
}

export class DeviceHeartbeatReport {
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  battery?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(4)
  signal?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => SimOperator)
  carrier?: SimOperator;
}

/** The server's ack to every phone event. */
export type DeviceEventAck = { ok: true } | { ok: false; error: DeviceEventError | string };

/** Events the server emits to a phone (immich-style typed map). */
export interface ServerToDeviceEvents {
  'sms:send': (request: SmsSendRequest, ack: (answer: SmsSendAck) => void) => void;
  'device:config': (notice: DeviceConfigNotice) => void;
  'device:disconnect': (notice: DeviceDisconnectNotice) => void;
  'device:reconnect': (notice: DeviceReconnectNotice) => void;
  /** Another connection with the same device token took over; this one is closed. */
  'device:replaced': (notice: Record<string, never>) => void;
}

/** Events a phone emits to the server; each is acked with a DeviceEventAck. */
export interface DeviceToServerEvents {
  'sms:status': (report: SmsStatusReport, ack: (answer: DeviceEventAck) => void) => void;
  'device:heartbeat': (report: DeviceHeartbeatReport, ack: (answer: DeviceEventAck) => void) => void;
  'sms:received': (report: SmsReceivedReport, ack: (answer: DeviceEventAck) => void) => void;
}

type EventNames<Map> = readonly (keyof Map & string)[];

/** The payload class of every server → phone event (the acked ones also name their ack class). */
export const SERVER_TO_DEVICE_MESSAGES = {
  'sms:send': { payload: SmsSendRequest, ack: SmsSendAck },
  'device:config': { payload: DeviceConfigNotice },
  'device:disconnect': { payload: DeviceDisconnectNotice },
  'device:reconnect': { payload: DeviceReconnectNotice },
  'device:replaced': { payload: undefined },
} as const satisfies Record<keyof ServerToDeviceEvents, { payload: (new () => object) | undefined; ack?: new () => object }>;

/** The payload class of every phone → server event. */
export const DEVICE_TO_SERVER_MESSAGES = {
  'sms:status': { payload: SmsStatusReport },
  'device:heartbeat': { payload: DeviceHeartbeatReport },
  'sms:received': { payload: SmsReceivedReport },
} as const satisfies Record<keyof DeviceToServerEvents, { payload: new () => object }>;

export const SERVER_TO_DEVICE_EVENTS = Object.keys(SERVER_TO_DEVICE_MESSAGES) as EventNames<ServerToDeviceEvents>;
export const DEVICE_TO_SERVER_EVENTS = Object.keys(DEVICE_TO_SERVER_MESSAGES) as EventNames<DeviceToServerEvents>;
