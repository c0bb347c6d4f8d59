import { Attributes, context, Span, SpanKind } from '@opentelemetry/api';
import { MessageMetadata } from '@zagel/contracts';
import { contextFromCarrier, contextWithSpan, failSpan, injectTraceContext, startSpan, tracingEnabled } from '@zagel/observability';
import { WireMessage } from './confirm-publisher';
import { Delivery } from './queue-consumer';

// Messaging semantic conventions (https://opentelemetry.io/docs/specs/semconv/messaging/rabbitmq/). They
// are still incubating, so @opentelemetry/semantic-conventions exports them only from a subpath this
// repository's module resolution cannot reach: copied here, as the package itself advises.
const MESSAGING_SYSTEM = 'messaging.system';
const MESSAGING_OPERATION_TYPE = 'messaging.operation.type';
const MESSAGING_OPERATION_NAME = 'messaging.operation.name';
const MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
const MESSAGING_ROUTING_KEY = 'messaging.rabbitmq.destination.routing_key';
const MESSAGING_MESSAGE_ID = 'messaging.message.id';
const MESSAGING_CONVERSATION_ID = 'messaging.message.conversation_id';
const MESSAGING_CONSUMER_GROUP = 'messaging.consumer.group.name';
const MESSAGING_BODY_SIZE = 'messaging.message.body.size';
const RPC_SYSTEM = 'rpc.system';
const RPC_SERVICE = 'rpc.service';
const RPC_METHOD = 'rpc.method';
/** Zagel's contract type (`message.requested`): what the message is, whichever key routed it. */
const MESSAGE_TYPE = 'zagel.message.type';

function messagingAttributes(wire: WireMessage, metadata: Pick<MessageMetadata, 'messageId' | 'correlationId' | 'type'>): Attributes {
  return {
    [MESSAGING_SYSTEM]: 'rabbitmq',
    [MESSAGING_DESTINATION_NAME]: wire.exchange,
    [MESSAGING_ROUTING_KEY]: wire.routingKey,
    [MESSAGING_MESSAGE_ID]: metadata.messageId,
    [MESSAGING_CONVERSATION_ID]: metadata.correlationId,
    [MESSAGING_BODY_SIZE]: wire.content.length,
    [MESSAGE_TYPE]: metadata.type,
  };
}

/**
 * A PRODUCER span for one message about to be published, a child of the work that created the message
 * (its `traceContext`, kept in the outbox row for a later publish). Its own
 * context goes into the message's `traceparent` / `tracestate` headers, so the consumer's span is its
 * child. Undefined while tracing is off (the wire message is left untouched).
 */
export function startPublishSpan(wire: WireMessage, metadata: MessageMetadata): Span | undefined {
  if (!tracingEnabled()) return undefined;
  // No trace context: nothing was being traced when the message was made (a poller's own work), so its
  // publish starts a trace rather than joining whatever context the relay happens to run in.
  const parent = contextFromCarrier(metadata.traceContext ? { ...metadata.traceContext } : undefined);
  const span = startSpan({
    name: `publish ${metadata.type}`,
    kind: SpanKind.PRODUCER,
    parent,
    attributes: { ...messagingAttributes(wire, metadata), [MESSAGING_OPERATION_TYPE]: 'send', [MESSAGING_OPERATION_NAME]: 'publish' },
  });
  wire.options.headers ??= {};
  injectTraceContext(wire.options.headers as Record<string, unknown>, contextWithSpan(span, parent));
  return span;
}

/** Ends a publish span once the broker answered: failed if the message was not confirmed. */
export function endPublishSpan(span: Span | undefined, error: Error | undefined): void {
  if (!span) return;
  if (error) failSpan(span, error);
  span.end();
}

/**
 * Runs a delivery's dispatch inside a CONSUMER span (an RPC request: a SERVER span) that continues the
 * trace in the message's headers; the handler, and whatever it publishes, runs in that span's context.
 * The span ends once the message is settled (acked, retried or dead-lettered). Tracing off: dispatches
 * as it is.
 */
export async function traceDelivery(delivery: Delivery, role: 'consume' | 'rpc', dispatch: () => Promise<void>): Promise<void> {
  if (!tracingEnabled()) return dispatch();
  const { message, queue } = delivery;
  const properties = message.properties;
  const type = typeof properties.type === 'string' ? properties.type : '';
  const parent = contextFromCarrier(properties.headers);
  const attributes: Attributes = {
    [MESSAGING_SYSTEM]: 'rabbitmq',
    [MESSAGING_DESTINATION_NAME]: message.fields.exchange,
    [MESSAGING_ROUTING_KEY]: message.fields.routingKey,
    [MESSAGING_CONSUMER_GROUP]: queue.name,
    [MESSAGING_OPERATION_TYPE]: 'process',
    [MESSAGING_OPERATION_NAME]: 'consume',
    [MESSAGING_BODY_SIZE]: message.content.length,
    [MESSAGE_TYPE]: type,
    ...(typeof properties.messageId === 'string' ? { [MESSAGING_MESSAGE_ID]: properties.messageId } : {}),
    ...(role === 'rpc' ? { [RPC_SYSTEM]: 'zagel-bus', [RPC_METHOD]: type } : {}),
  };
  const span = startSpan({
    name: role === 'rpc' ? `rpc ${type}` : `process ${type}`,
    kind: role === 'rpc' ? SpanKind.SERVER : SpanKind.CONSUMER,
    parent,
    attributes,
  });
  try {
    await context.with(contextWithSpan(span, parent), dispatch);
  } catch (error) {
    failSpan(span, error);
    throw error;
  } finally {
    span?.end();
  }
}

/**
 * Runs an RPC call inside a CLIENT span (`rpc <type>`), so the request's headers carry its context and
 * the callee's SERVER span is its child; failed with the call's error. Tracing off: calls as it is.
 */
export async function traceRpcCall<T>(type: string, service: string, call: () => Promise<T>): Promise<T> {
  if (!tracingEnabled()) return call();
  const span = startSpan({
    name: `rpc ${type}`,
    kind: SpanKind.CLIENT,
    attributes: { [MESSAGING_SYSTEM]: 'rabbitmq', [RPC_SYSTEM]: 'zagel-bus', [RPC_SERVICE]: service, [RPC_METHOD]: type, [MESSAGE_TYPE]: type },
  });
  try {
    return await context.with(contextWithSpan(span), call);
  } catch (error) {
    failSpan(span, error);
    throw error;
  } finally {
    span?.end();
  }
}
