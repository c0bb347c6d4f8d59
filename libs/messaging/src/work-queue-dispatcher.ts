import { BusHeader, ContractViolation, parsePayload } from '@zagel/contracts';
import { failActiveSpan, reportError, runWithCorrelation } from '@zagel/observability';
import { BusLogger, describeError } from './bus-logger';
import { busMetrics, ConsumeOutcome } from './bus-metrics';
import { traceDelivery } from './bus-tracing';
import { ConfirmPublisher } from './confirm-publisher';
import { PermanentFailure } from './errors';
import { HandlerContext, MessageHandler, Route } from './handler-registry';
import { Delivery } from './queue-consumer';
import { attemptOf, copyProperties, DeadLetterReason, deadLetterHeaders, readMetadata } from './wire-format';

type Metadata = ReturnType<typeof readMetadata>;

export interface WorkQueueDispatcherOptions {
  service: string;
  routes: ReadonlyMap<string, Route>;
  deadExchange: string;
  /** Publishes retry and dead-letter copies, confirmed, before the original is acked. */
  confirms: ConfirmPublisher;
  logger: BusLogger;
}

/**
 * Runs the handler for an event or command and settles the message: ack on success; a copy to
 * the next retry queue on failure; a copy to the dead-letter queue when the message can never
 * succeed (unknown type, invalid payload, PermanentFailure) or the retries are used up.
 */
export class WorkQueueDispatcher {
  constructor(private readonly options: WorkQueueDispatcherOptions) {}

  /** Handles one delivery inside its consumer span (tracing on), so what the handler publishes continues its trace. */
  readonly dispatch = (delivery: Delivery): Promise<void> => traceDelivery(delivery, 'consume', () => this.handle(delivery));

  private async handle(delivery: Delivery): Promise<void> {
    const { message } = delivery;
    const type = typeof message.properties.type === 'string' ? message.properties.type : '';
    const route = this.options.routes.get(type);
    if (!route) return this.deadLetter(delivery, type, 'unknown_type', `no handler for type "${type}"`);

    const metadata = readMetadata(message, route.contract.version);
    if (!metadata.messageId) return this.deadLetter(delivery, type, 'invalid_payload', 'the message has no messageId');
    let payload: object;
    try {
      payload = parsePayload(type, route.contract.payload, JSON.parse(message.content.toString('utf8')));
    } catch (error) {
      const reason = error instanceof ContractViolation ? error.message : `body is not JSON: ${describeError(error)}`;
      this.report(error, delivery, type, metadata, 'invalid_payload');
      return this.deadLetter(delivery, type, 'invalid_payload', reason);
    }

    const context: HandlerContext = {
      metadata,
      attempt: attemptOf(message),
      redelivered: message.fields.redelivered,
      queue: delivery.queue.name,
      routingKey: message.fields.routingKey,
    };
    const handler = route.handler as MessageHandler<object>;
    const stopTimer = busMetrics.handlerDuration.startTimer({ service: this.options.service, type });
    try {
      await runWithCorrelation(
        { correlationId: metadata.correlationId, tenantId: metadata.tenantId, messageId: metadata.messageId },
        () => handler(payload, context),
      );
    } catch (error) {
      stopTimer();
      return this.onHandlerError(delivery, type, context.attempt, error, metadata);
    }
    stopTimer();
    delivery.ack();
    this.count(delivery, type, 'ack');
  }

  private async onHandlerError(delivery: Delivery, type: string, attempt: number, error: unknown, metadata: Metadata): Promise<void> {
    failActiveSpan(error);
    const text = describeError(error);
    if (error instanceof PermanentFailure) {
      this.report(error, delivery, type, metadata, 'permanent_failure');
      return this.deadLetter(delivery, type, 'permanent_failure', text);
    }
    const retry = delivery.queue.retries[attempt - 1];
    this.report(error, delivery, type, metadata, retry ? 'retry' : 'retries_exhausted', attempt);
    if (!retry) {
      return this.deadLetter(delivery, type, 'retries_exhausted', `failed ${attempt} times, last: ${text}`);
    }
    const { message } = delivery;
    this.options.logger.debug?.(
      `bus ${delivery.queue.name}: ${type} ${String(message.properties.messageId)} attempt ${attempt} failed ` +
        `(${text}); retrying in ${retry.delayMs} ms`,
    );
    const options = { ...copyProperties(message, { [BusHeader.Attempt]: attempt + 1 }), mandatory: true };
    const [failed] = await this.options.confirms.publish([
      { exchange: '', routingKey: retry.queue, content: message.content, options },
    ]);
    if (failed) {
      this.options.logger.error(`bus ${delivery.queue.name}: cannot schedule a retry: ${failed.message}`);
      delivery.nack(true);
      return;
    }
    delivery.ack();
    this.count(delivery, type, 'retry');
  }

  private async deadLetter(delivery: Delivery, type: string, reason: DeadLetterReason, error: string): Promise<void> {
    const { message, queue } = delivery;
    const id = String(message.properties.messageId);
    failActiveSpan(new Error(`dead-lettered: ${reason}: ${error}`));
    this.options.logger.warn(`bus ${queue.name}: ${type || '(no type)'} ${id} dead-lettered: ${reason}: ${error}`);
    const options = { ...copyProperties(message, deadLetterHeaders(reason, error, queue.name)), mandatory: true };
    const routingKey = queue.deadLetterKey ?? queue.name;
    const [failed] = await this.options.confirms.publish([
      { exchange: this.options.deadExchange, routingKey, content: message.content, options },
    ]);
    if (failed) {
      // The queue's own dead-letter exchange still parks it, without our reason headers.
      this.options.logger.error(`bus ${queue.name}: cannot publish a dead letter: ${failed.message}`);
      delivery.nack(false);
    } else {
      delivery.ack();
    }
    this.count(delivery, type, 'dead');
  }

  /** A failed message to the error reports (Sentry when configured): its ids and where it failed, never its payload. */
  private report(error: unknown, delivery: Delivery, type: string, metadata: Metadata, outcome: DeadLetterReason | 'retry', attempt?: number): void {
    reportError(error, {
      source: 'bus',
      tenantId: metadata.tenantId,
      correlationId: metadata.correlationId,
      level: outcome === 'retry' ? 'warning' : 'error',
      tags: { queue: delivery.queue.name, messageType: type, messageId: metadata.messageId, outcome, attempt: attempt === undefined ? undefined : String(attempt) },
    });
  }

  private count(delivery: Delivery, type: string, outcome: ConsumeOutcome): void {
    // Types nobody handles are counted together: a stray publisher must not grow the label set.
    const label = this.options.routes.has(type) ? type : 'unknown';
    busMetrics.consumed.inc({ service: this.options.service, queue: delivery.queue.name, type: label, outcome });
  }
}
