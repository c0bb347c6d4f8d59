import { BaseRpcContext } from '@nestjs/microservices';
import { MessageMetadata } from '@zagel/contracts';
import { HandlerContext } from './handler-registry';

/** What a bus handler gets with `@Ctx()`: the delivery besides its payload. */
export class BusContext extends BaseRpcContext<[HandlerContext]> implements HandlerContext {
  constructor(context: HandlerContext) {
    super([context]);
  }

  get metadata(): MessageMetadata {
    return this.args[0].metadata;
  }

  /** 1 on the first delivery, +1 for every retry the bus scheduled. */
  get attempt(): number {
    return this.args[0].attempt;
  }

  /** The broker delivered it before without an ack (a consumer died or its channel closed). */
  get redelivered(): boolean {
    return this.args[0].redelivered;
  }

  get queue(): string {
    return this.args[0].queue;
  }

  get routingKey(): string {
    return this.args[0].routingKey;
  }
}
