import { BusHeader, ContractViolation, parsePayload } from '@zagel/contracts';
import { failActiveSpan, injectTraceContext, reportError, runWithCorrelation } from '@zagel/observability';
import { BusLogger, describeError } from './bus-logger';
import { busMetrics } from './bus-metrics';
import { traceDelivery } from './bus-tracing';
import { HandlerContext, Route, RpcHandler } from './handler-registry';
import { Delivery } from './queue-consumer';
import { RpcErrorCode, rpcErrorCode, rpcErrorDetails, RpcReplyBody } from './rpc-wire';
import { attemptOf, readMetadata } from './wire-format';

const EMPTY_BODY = Buffer.alloc(0);

export interface RpcServerDispatcherOptions {
  service: string;
  routes: ReadonlyMap<string, Route>;
  logger: BusLogger;
}

/**
 * Answers RPC requests: `{ok: true, result}` from the handler, or `{ok: false, error}` for an
 * unknown type, an invalid request or a handler error. Requests are never retried or parked:
 * the caller is waiting and decides.
 */
export class RpcServerDispatcher {
  constructor(private readonly options: RpcServerDispatcherOptions) {}

  /** Answers one request inside its server span (tracing on); the reply carries that span's context. */
  readonly dispatch = (delivery: Delivery): Promise<void> => traceDelivery(delivery, 'rpc', () => this.handle(delivery));

  private async handle(delivery: Delivery): Promise<void> {
    const { message } = delivery;
    const type = typeof message.properties.type === 'string' ? message.properties.type : '';
    const body = await this.answer(type, delivery);
    // Acked before the reply goes out on the same channel, so a caller that has its answer never sees
    // the request run again: were the ack still pending when this process died, the broker would
    // redeliver a request whose effects are already committed.
    delivery.ack();
    const replyTo = message.properties.replyTo as string | undefined;
    if (replyTo) {
      const correlationId = message.properties.correlationId as string | undefined;
      const headers: Record<string, unknown> = { [BusHeader.CorrelationId]: message.properties.headers?.[BusHeader.CorrelationId] as unknown };
      injectTraceContext(headers);
      delivery.reply(replyTo, Buffer.from(JSON.stringify(body)), {
        correlationId,
        contentType: 'application/json',
        type,
        appId: this.options.service,
        headers,
      });
    }
    const label = this.options.routes.has(type) ? type : 'unknown';
    busMetrics.consumed.inc({ service: this.options.service, queue: delivery.queue.name, type: label, outcome: 'ack' });
  }

  private async answer(type: string, delivery: Delivery): Promise<RpcReplyBody> {
    const route = this.options.routes.get(type);
    if (!route) return failure(RpcErrorCode.UnknownType, `${this.options.service} does not answer "${type}"`);
    const { message } = delivery;
    let request: object;
    try {
      request = parsePayload(type, route.contract.payload, JSON.parse(message.content.toString('utf8')));
      // Nothing reads the body again: let it go now rather than at the ack (a campaign chunk is a
      // megabyte, and a body held for the whole request outlives the young generation).
      message.content = EMPTY_BODY;
    } catch (error) {
      const text = error instanceof ContractViolation ? error.message : `body is not JSON: ${describeError(error)}`;
      return failure(RpcErrorCode.InvalidRequest, text);
    }
    const metadata = readMetadata(message, route.contract.version);
    const context: HandlerContext = {
      metadata,
      attempt: attemptOf(message),
      redelivered: message.fields.redelivered,
      queue: delivery.queue.name,
      routingKey: message.fields.routingKey,
    };
    const handler = route.handler as RpcHandler<object, unknown>;
    const stopTimer = busMetrics.handlerDuration.startTimer({ service: this.options.service, type });
    try {
      const result = await runWithCorrelation(
        { correlationId: metadata.correlationId, tenantId: metadata.tenantId, messageId: metadata.messageId },
        () => handler(request, context),
      );
      return { ok: true, result: result ?? null };
    } catch (error) {
      const code = rpcErrorCode(error);
      failActiveSpan(error);
      if (code === RpcErrorCode.Internal) {
        this.options.logger.error(`bus rpc ${type}: handler failed: ${describeError(error)}`);
        reportError(error, {
          source: 'bus',
          tenantId: metadata.tenantId,
          correlationId: metadata.correlationId,
          tags: { queue: delivery.queue.name, messageType: type, messageId: metadata.messageId, outcome: 'rpc_internal_error' },
        });
      }
      return failure(code, describeError(error), rpcErrorDetails(error));
    } finally {
      stopTimer();
    }
  }
}

function failure(code: string, message: string, details?: Record<string, unknown>): RpcReplyBody {
  return { ok: false, error: details ? { code, message, details } : { code, message } };
}
