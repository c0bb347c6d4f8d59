import { Attributes, context, Span, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { TraceContext } from '@zagel/contracts';
import { contextFromCarrier, contextWithSpan, startSpan, traceContextOf, tracingEnabled, withSpan } from '@zagel/observability';

/** A Socket.IO payload that may carry a trace context (SmsSendRequest, SmsSendAck, SmsStatusReport). */
type TracedPayload = Partial<TraceContext> & { messageId?: string };

// Socket.IO carries no headers per event: the W3C trace context rides in the payload, as
// `traceparent` / `tracestate` (see SmsSendRequest and docs/device-protocol.asyncapi.yaml).
const MESSAGING_SYSTEM = 'messaging.system';
const MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
const MESSAGING_MESSAGE_ID = 'messaging.message.id';
const DEVICE_ID = 'zagel.device.id';

function socketAttributes(event: string, deviceId: string, messageId?: string): Attributes {
  return {
    [MESSAGING_SYSTEM]: 'socket.io',
    [MESSAGING_DESTINATION_NAME]: event,
    [DEVICE_ID]: deviceId,
    ...(messageId !== undefined ? { [MESSAGING_MESSAGE_ID]: messageId } : {}),
  };
}

/** An emit to a phone awaiting its ack: the span from the emit to the ack, and the context to settle in. */
export interface EmitTrace {
  span?: Span;
  /** Runs the ack's handling in the emit span's context, so what it publishes continues the trace. */
  run<T>(work: () => T): T;
  /** Ends the span with the phone's answer (`accepted`, `refused`, `ack_timeout`...). */
  end(outcome: string, failed?: boolean): void;
}

const UNTRACED: EmitTrace = { run: (work) => work(), end: () => undefined };

/**
 * Starts the CLIENT span of an acked emit to a phone (`sms:send`) and writes its trace context into the
 * payload, which the phone gives back in its ack and its reports. Tracing off: the payload is untouched.
 */
export function traceEmit(event: string, deviceId: string, payload: TracedPayload): EmitTrace {
  if (!tracingEnabled()) return UNTRACED;
  const span = startSpan({ name: event, kind: SpanKind.CLIENT, attributes: socketAttributes(event, deviceId, payload.messageId) });
  const spanContext = contextWithSpan(span);
  Object.assign(payload, traceContextOf(spanContext));
  return {
    span,
    run: (work) => context.with(spanContext, work),
    end: (outcome, failed = false) => {
      span?.setAttribute('zagel.device.ack', outcome);
      if (failed) span?.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
      span?.end();
    },
  };
}

/**
 * Handles an event from a phone inside a SERVER span that continues the trace its payload carries (a
 * `sms:status` report gives back the traceparent of the `sms:send` it is about); without one, the span
 * starts a trace. Tracing off: runs `work` as it is.
 */
export function traceDeviceEvent<T>(event: string, deviceId: string, payload: TracedPayload, work: () => Promise<T>): Promise<T> {
  if (!tracingEnabled()) return work();
  return withSpan(
    {
      name: event,
      kind: SpanKind.SERVER,
      parent: contextFromCarrier(payload.traceparent ? { traceparent: payload.traceparent, tracestate: payload.tracestate } : undefined),
      attributes: socketAttributes(event, deviceId, payload.messageId),
    },
    () => work(),
  );
}
