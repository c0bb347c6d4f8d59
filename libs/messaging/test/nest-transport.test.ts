import {
  CallHandler,
  Controller,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  PipeTransform,
  UseInterceptors,
} from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { IsInt, IsString } from 'class-validator';
import { lastValueFrom, map, Observable } from 'rxjs';
import { BusHeader, defineRpc, MessageRequested, MessageRequestedPayload } from '@zagel/contracts';
import { v7 as uuidv7 } from 'uuid';
import { currentCorrelation } from '@zagel/observability';
import {
  Bus,
  BusClient,
  BusContext,
  deadQueueName,
  PermanentFailure,
  RpcRemoteError,
  RpcTimeoutError,
  serviceQueueName,
} from '@zagel/messaging';
import { createTestNamespace } from '@zagel/testing';
import { BusFixture, eventually, takeMessage, testCommand, testEvent, uniqueType } from './bus-test-support';
import { ThingPayload } from './fixtures/thing.payload';

const test = createTestNamespace();
const fixture = new BusFixture(test);
const retryDelaysMs = [100, 200];

afterAll(() => fixture.cleanup());

function eventsQueue(service: string, lane = 'events'): string {
  return serviceQueueName(test.namespace, service, lane);
}

/** Resolves when `open()` is called: a handler's "database commit" the test decides the end of. */
class Gate {
  private release!: () => void;
  readonly opened = new Promise<void>((resolve) => (this.release = resolve));

  open(): void {
    this.release();
  }
}

describe('event handlers on a Nest controller', () => {
  it('ack a message only once the handler has resolved (its commit), with the delivery in @Ctx()', async () => {
    const Recorded = testEvent('recorded');
    const commit = new Gate();
    const seen: { name: string; attempt: number; redelivered: boolean; messageId: string }[] = [];

    @Controller()
    class RecordingController {
      @EventPattern(Recorded.type, { lane: 'otp' })
      async record(@Payload() payload: ThingPayload, @Ctx() context: BusContext): Promise<void> {
        seen.push({ name: payload.name, attempt: context.attempt, redelivered: context.redelivered, messageId: context.metadata.messageId });
        await commit.opened;
      }
    }

    // Prefetch 1: the broker delivers the second message only after the first is acked.
    const app = await fixture.startNestApp('recorder', { controllers: [RecordingController] }, { prefetch: 1 });
    const bus = app.get(Bus);
    const first = await bus.publish(Recorded, { name: 'first', n: 1 });
    await bus.publish(Recorded, { name: 'second', n: 2 });

    await eventually(() => (seen.length === 1 ? true : undefined));
    expect(seen[0]).toEqual({ name: 'first', attempt: 1, redelivered: false, messageId: first.messageId });
    expect(await bus.inspectQueue(eventsQueue('recorder', 'otp'))).toEqual({ messages: 1, consumers: 1 });

    commit.open();
    await eventually(() => (seen.length === 2 ? true : undefined));
    await eventually(async () => ((await bus.inspectQueue(eventsQueue('recorder', 'otp')))?.messages === 0 ? true : undefined));
    expect(seen.map((each) => each.name)).toEqual(['first', 'second']);
  });

  it('run each handler of an event type only for its own lane: a second @EventPattern of the type is not chained behind the first', async () => {
    const handled: string[] = [];

    @Controller()
    class LaneSplitController {
      @EventPattern(MessageRequested.type, { lane: 'otp', bindings: ['message.requested.live.*'] })
      live(@Payload() request: MessageRequestedPayload): void {
        handled.push(`live ${request.lane}`);
      }

      @EventPattern(MessageRequested.type, { lane: 'bulk', bindings: ['message.requested.bulk.*'] })
      bulk(@Payload() request: MessageRequestedPayload): void {
        handled.push(`bulk ${request.lane}`);
      }
    }

    const app = await fixture.startNestApp('nest-lane-split', { controllers: [LaneSplitController] });
    const bus = app.get(Bus);
    const request = (lane: MessageRequestedPayload['lane']): MessageRequestedPayload => ({
      messageId: uuidv7(),
      organizationId: uuidv7(),
      to: '+201000000001',
      body: 'Your code is 123456',
      messageType: 'otp',
      route: 'auto',
      lane,
      origin: 'otp',
    });
    await bus.publish(MessageRequested, request('live'));
    await bus.publish(MessageRequested, request('bulk'));

    // Acked only after every handler the delivery ran has resolved: once both queues are empty, nothing more runs.
    await eventually(async () => {
      const queues = await Promise.all(['otp', 'bulk'].map((lane) => bus.inspectQueue(eventsQueue('nest-lane-split', lane))));
      return handled.length >= 2 && queues.every((queue) => queue?.messages === 0) ? true : undefined;
    });
    expect(handled.sort()).toEqual(['bulk bulk', 'live live']);
  });

  it('retry a failing handler through the retry queues, then dead-letter it: the error reaches the bus intact', async () => {
    const Failing = testEvent('nest-failing');
    const Hopeless = testEvent('nest-hopeless');
    const attempts: number[] = [];
    let hopelessCalls = 0;

    @Controller()
    class FailingController {
      @EventPattern(Failing.type)
      fail(@Payload() _payload: ThingPayload, @Ctx() context: BusContext): void {
        attempts.push(context.attempt);
        throw new Error('provider exploded');
      }

      @EventPattern(Hopeless.type)
      refuse(): void {
        hopelessCalls += 1;
        throw new PermanentFailure('number is on the opt-out list');
      }
    }

    const app = await fixture.startNestApp('nest-retrier', { controllers: [FailingController] }, { retryDelaysMs });
    const bus = app.get(Bus);
    const failing = await bus.publish(Failing, { name: 'x', n: 1 });
    const hopeless = await bus.publish(Hopeless, { name: 'y', n: 2 });

    const raw = await fixture.rawChannel();
    try {
      const dead = new Map<string, Record<string, unknown>>();
      for (let index = 0; index < 2; index++) {
        const message = await takeMessage(raw.channel, deadQueueName(eventsQueue('nest-retrier')));
        dead.set(String(message.properties.messageId), message.properties.headers ?? {});
      }
      expect(dead.get(failing.messageId)).toMatchObject({
        [BusHeader.DeadLetterReason]: 'retries_exhausted',
        [BusHeader.Attempt]: retryDelaysMs.length + 1,
      });
      expect(dead.get(failing.messageId)?.[BusHeader.DeadLetterError]).toContain('provider exploded');
      expect(dead.get(hopeless.messageId)).toMatchObject({
        [BusHeader.DeadLetterReason]: 'permanent_failure',
        [BusHeader.DeadLetterError]: 'number is on the opt-out list',
      });
    } finally {
      await raw.close();
    }
    expect(attempts).toEqual([1, 2, 3]);
    expect(hopelessCalls).toBe(1);
  });

  it('dead-letter an invalid payload without calling the handler', async () => {
    const Strict = testEvent('nest-strict');
    const handled: ThingPayload[] = [];

    @Controller()
    class StrictController {
      @EventPattern(Strict.type)
      take(@Payload() payload: ThingPayload): void {
        handled.push(payload);
      }
    }

    const app = await fixture.startNestApp('nest-strict', { controllers: [StrictController] }, { retryDelaysMs });
    const raw = await fixture.rawChannel();
    try {
      raw.channel.publish(test.namespace.bus('events'), Strict.type, Buffer.from(JSON.stringify({ name: 'z', n: 'three' })), {
        messageId: 'bad-payload',
        type: Strict.type,
        persistent: true,
        headers: { [BusHeader.SchemaVersion]: 1 },
      });
      const dead = await takeMessage(raw.channel, deadQueueName(eventsQueue('nest-strict')));
      expect(dead.properties.messageId).toBe('bad-payload');
      expect(dead.properties.headers?.[BusHeader.DeadLetterReason]).toBe('invalid_payload');
    } finally {
      await raw.close();
    }
    await lastValueFrom(new BusClient(app.get(Bus), 'nest-strict').emit(Strict.type, { name: 'ok', n: 4 }));
    await eventually(() => (handled.length > 0 ? true : undefined));
    expect(handled).toEqual([expect.objectContaining({ name: 'ok', n: 4 })]);
    expect(handled[0]).toBeInstanceOf(ThingPayload);
  });

  it('take commands for one instance, sent through a BusClient', async () => {
    const Push = testCommand('nest-push');
    const pushed: string[] = [];

    @Controller()
    class PushController {
      @EventPattern(Push.type, { perInstance: true })
      push(@Payload() payload: ThingPayload): void {
        pushed.push(payload.name);
      }
    }

    const app = await fixture.startNestApp('nest-gateway', { controllers: [PushController] }, { instanceId: 'gw-7' });
    const client = new BusClient(app.get(Bus), 'nest-gateway');
    await expect(client.call(Push as never, {})).rejects.toThrow(/is a command: use emit/);
    await app.get(Bus).send(Push, { service: 'nest-gateway', instanceId: 'gw-7' }, { name: 'to-phone', n: 1 });
    await eventually(() => (pushed.length === 1 ? true : undefined));
    expect(pushed).toEqual(['to-phone']);
  });
});

class ReserveRequest {
  @IsString()
  organizationId: string;

  @IsInt()
  amount: number;
}

class ReserveReply {
  @IsString()
  reservationId: string;

  @IsInt()
  remaining: number;
}

class InsufficientBalance extends Error {
  readonly code = 'insufficient_balance';

  constructor(readonly details: { shortfall: number }) {
    super(`short by ${details.shortfall}`);
  }
}

const Reserve = defineRpc(uniqueType('nest-reserve'), 1, ReserveRequest, ReserveReply);

/** Counts the calls it sees and adds 1,000 to the reply's `remaining`, as an interceptor may reshape a result. */
@Injectable()
class BonusInterceptor implements NestInterceptor {
  static calls = 0;

  intercept(_context: ExecutionContext, next: CallHandler<ReserveReply>): Observable<ReserveReply> {
    BonusInterceptor.calls += 1;
    return next.handle().pipe(map((reply) => ({ ...reply, remaining: reply.remaining + 1_000 })));
  }
}

/** Doubles the amount asked: a pipe on @Payload() runs on the validated request. */
class DoubleAmount implements PipeTransform<ReserveRequest, ReserveRequest> {
  transform(request: ReserveRequest): ReserveRequest {
    return { ...request, amount: request.amount * 2 };
  }
}

/** The slow reserve holds its answer until the test that times it out is over. */
let releaseSlowReserve: () => void = () => undefined;
const slowReserveReleased = new Promise<void>((resolve) => (releaseSlowReserve = resolve));

@Controller()
class WalletController {
  @MessagePattern(Reserve.type)
  @UseInterceptors(BonusInterceptor)
  async reserve(@Payload(DoubleAmount) request: ReserveRequest, @Ctx() context: BusContext): Promise<ReserveReply> {
    if (request.amount === 26) throw new Error('ledger unreachable');
    if (request.amount === 2_000) await slowReserveReleased;
    if (request.amount > 100) throw new InsufficientBalance({ shortfall: request.amount - 100 });
    return { reservationId: `r-${request.amount}-${context.metadata.tenantId}-${currentCorrelation()?.correlationId}`, remaining: 100 - request.amount };
  }
}

describe('RPC handlers on a Nest controller, called through a BusClient', () => {
  let wallet: BusClient;

  beforeAll(async () => {
    const app = await fixture.startNestApp('nest-wallet', { controllers: [WalletController], providers: [BonusInterceptor] });
    wallet = new BusClient(app.get(Bus), 'nest-wallet');
  });

  it('answer with the reply class, through the interceptors and pipes of the handler', async () => {
    const reply = await wallet.call(Reserve, { organizationId: 'org-1', amount: 15 }, { tenantId: 'org-1', correlationId: 'corr-1' });
    expect(reply).toBeInstanceOf(ReserveReply);
    expect(reply).toEqual({ reservationId: 'r-30-org-1-corr-1', remaining: 1_070 });
    expect(BonusInterceptor.calls).toBe(1);

    const plain = await new Promise((resolve, reject) => {
      wallet.send(Reserve.type, { organizationId: 'org-1', amount: 1 }).subscribe({ next: resolve, error: reject });
    });
    expect(plain).toMatchObject({ remaining: 1_098 });
  });

  it("answer a handler's error as RpcRemoteError with its code and details; one without a service code is internal", async () => {
    await expect(wallet.call(Reserve, { organizationId: 'org-1', amount: 300 })).rejects.toEqual(
      expect.objectContaining({ name: 'RpcRemoteError', code: 'insufficient_balance', message: 'short by 500', details: { shortfall: 500 } }),
    );
    const internal = wallet.call(Reserve, { organizationId: 'org-1', amount: 13 });
    await expect(internal).rejects.toBeInstanceOf(RpcRemoteError);
    await expect(internal).rejects.toMatchObject({ code: 'internal', message: 'ledger unreachable' });
  });

  it('reject with RpcTimeoutError at the deadline when the handler is slower', async () => {
    const started = Date.now();
    const call = wallet.call(Reserve, { organizationId: 'org-1', amount: 1_000 }, { timeoutMs: 300 });
    await expect(call).rejects.toBeInstanceOf(RpcTimeoutError);
    expect(Date.now() - started).toBeLessThan(300 + 5_000); // the handler would hold it for ever
    releaseSlowReserve();
  });

  it('refuse at boot a pattern that is no contract, or a decorator that does not fit the contract', async () => {
    const Evented = testEvent('nest-evented');

    @Controller()
    class UnknownTypeController {
      @EventPattern('test.nobody.defined-this')
      handle(): void {}
    }

    @Controller()
    class WrongDecoratorController {
      @MessagePattern(Evented.type)
      handle(): void {}
    }

    @Controller()
    class WrongOptionController {
      @EventPattern(Evented.type, { perInstance: true })
      handle(): void {}
    }

    await expect(fixture.startNestApp('nest-unknown', { controllers: [UnknownTypeController] })).rejects.toThrow(
      'no contract is defined for "test.nobody.defined-this"',
    );
    await expect(fixture.startNestApp('nest-wrong', { controllers: [WrongDecoratorController] })).rejects.toThrow(
      'is an event, not an RPC: declare its handler with @EventPattern',
    );
    await expect(fixture.startNestApp('nest-option', { controllers: [WrongOptionController] })).rejects.toThrow(
      'unknown option(s) perInstance; it takes lane',
    );
  });
});
