import { Contract, findContract, MessageMetadata, routingKeyOf } from '@zagel/contracts';
import { busMetrics } from './bus-metrics';
import { endPublishSpan, startPublishSpan } from './bus-tracing';
import { ConfirmPublisher, PublishOutcomes, WireMessage } from './confirm-publisher';
import { OutgoingMessage } from './outgoing-message';
import { CommandTarget, prepareCommand, prepareEvent, PublishOptions } from './prepare-message';
import { BusExchanges, commandRoutingKey } from './topology';
import { encodeBody, publishProperties } from './wire-format';

export type PublishManyOptions = Omit<PublishOptions, 'messageId'>;

export interface PublishFailure {
  message: OutgoingMessage;
  error: Error;
}

/** What became of a batch: how many the broker confirmed and which ones failed, with why. */
export interface PublishReport {
  confirmed: number;
  failed: PublishFailure[];
}

/** Validates, stamps and publishes events and commands; every promise settles on the broker's confirm. */
export class BusPublisher {
  constructor(
    private readonly confirms: ConfirmPublisher,
    private readonly exchanges: BusExchanges,
    private readonly service: string,
  ) {}

  /** Publishes an event; resolves with its metadata once confirmed. Throws ContractViolation before publishing. */
  async publish<P extends object>(
    contract: Contract<P>,
    payload: P,
    options?: PublishOptions,
  ): Promise<MessageMetadata> {
    const message = prepareEvent(contract, payload, options);
    await this.publishAll([message]);
    return message.metadata;
  }

  /** Sends a command to a service (or one instance of it); rejects with UnroutableMessage if no queue takes it. */
  async send<P extends object>(
    contract: Contract<P>,
    target: CommandTarget,
    payload: P,
    options?: PublishOptions,
  ): Promise<MessageMetadata> {
    const message = prepareCommand(contract, target, payload, options);
    await this.publishAll([message]);
    return message.metadata;
  }

  /** Publishes many events of one type as one batch; validates all before publishing any. */
  async publishMany<P extends object>(
    contract: Contract<P>,
    payloads: readonly P[],
    options?: PublishManyOptions,
  ): Promise<MessageMetadata[]> {
    const messages = payloads.map((payload) => prepareEvent(contract, payload, options));
    await this.publishAll(messages);
    return messages.map((message) => message.metadata);
  }

  /**
   * Publishes prepared messages (what an outbox relay hands over). They were validated when
   * prepared, so they are not validated again. Never rejects for a single message: the report
   * lists those the broker did not confirm.
   */
  async publishOutgoing(messages: readonly OutgoingMessage[]): Promise<PublishReport> {
    const wires = messages.map((message) => this.toWire(message));
    const spans = wires.map((wire, index) => startPublishSpan(wire, messages[index].metadata));
    const outcomes = await this.confirms.publish(wires);
    spans.forEach((span, index) => endPublishSpan(span, outcomes[index]));
    this.count(messages, outcomes);
    const failed: PublishFailure[] = [];
    outcomes.forEach((error, index) => {
      if (error) failed.push({ message: messages[index], error });
    });
    return { confirmed: messages.length - failed.length, failed };
  }

  /** Publishes a prepared command straight to one queue (a delay queue), confirmed. */
  async publishToQueue(message: OutgoingMessage, queue: string): Promise<void> {
    const wire = { ...this.toWire(message), exchange: '', routingKey: queue };
    const span = startPublishSpan(wire, message.metadata);
    const [failed] = await this.confirms.publish([wire]);
    endPublishSpan(span, failed);
    if (failed) throw failed;
    busMetrics.published.inc({ service: this.service, type: message.metadata.type });
  }

  private async publishAll(messages: OutgoingMessage[]): Promise<void> {
    const report = await this.publishOutgoing(messages);
    if (report.failed.length > 0) throw report.failed[0].error;
  }

  private toWire(message: OutgoingMessage): WireMessage {
    const { destination, metadata, payload } = message;
    const options = publishProperties(metadata, this.service, true);
    const content = encodeBody(payload);
    // The contract decides the key from the payload (`message.status.sent.otp`); the type stays in the properties.
    const contract = findContract(metadata.type);
    if (destination.kind === 'event') {
      const routingKey = contract ? routingKeyOf(contract, payload) : metadata.type;
      return { exchange: this.exchanges.events, routingKey, content, options };
    }
    // Mandatory: a command nobody can receive must fail loudly, not vanish.
    options.mandatory = true;
    const routingKey = commandRoutingKey(destination.service, destination.instanceId, contract?.lane);
    return { exchange: this.exchanges.commands, routingKey, content, options };
  }

  private count(messages: readonly OutgoingMessage[], outcomes: PublishOutcomes): void {
    const byType = new Map<string, number>();
    outcomes.forEach((error, index) => {
      if (error) return;
      const type = messages[index].metadata.type;
      byType.set(type, (byType.get(type) ?? 0) + 1);
    });
    for (const [type, count] of byType) busMetrics.published.inc({ service: this.service, type }, count);
  }
}
