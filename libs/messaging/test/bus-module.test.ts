import { BeforeApplicationShutdown, Controller, Injectable } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Bus, serviceQueueName } from '@zagel/messaging';
import { createTestNamespace } from '@zagel/testing';
import { BusFixture, eventually, testEvent } from './bus-test-support';
import { ThingPayload } from './fixtures/thing.payload';

const test = createTestNamespace();
const fixture = new BusFixture(test);
const Greeted = testEvent('greeted');

afterAll(() => fixture.cleanup());

/**
 * Stands for what handlers use and the app closes early: the device gateway's sockets close in
 * beforeApplicationShutdown (the database and Redis later, in onApplicationShutdown).
 */
@Injectable()
class HandlerResource implements BeforeApplicationShutdown {
  closed = false;

  beforeApplicationShutdown(): void {
    this.closed = true;
  }
}

const progress = { started: 0, finishedWithResourceOpen: [] as boolean[] };
let finishHandling: () => void = () => undefined;

@Controller()
class GreetingsController {
  constructor(private readonly resource: HandlerResource) {}

  @EventPattern(Greeted.type)
  async greet(@Payload() _payload: ThingPayload): Promise<void> {
    progress.started += 1;
    await new Promise<void>((resolve) => (finishHandling = resolve));
    progress.finishedWithResourceOpen.push(!this.resource.closed);
  }
}

describe('BusModule with the bus transport', () => {
  it('stops consuming first on shutdown: the handler in flight finishes while what it uses is open, is acked, then the bus closes', async () => {
    const app = await fixture.startNestApp('nest-app', { controllers: [GreetingsController], providers: [HandlerResource] });
    const bus = app.get(Bus);
    expect(bus.isConnected()).toBe(true);

    await bus.publish(Greeted, { name: 'hello', n: 1 });
    await eventually(() => (progress.started === 1 ? true : undefined));

    const resource = app.get(HandlerResource);
    const stop = bus.stop.bind(bus);
    let stopping = false;
    bus.stop = () => {
      stopping = true;
      return stop();
    };
    const closing = app.close();
    // The handler is let go once shutdown reaches the bus or the resource, whichever comes first: were
    // consuming not stopped (and waited for) first, the resource would close while the handler still ran.
    await eventually(() => (stopping || resource.closed ? true : undefined));
    finishHandling();
    await closing;
    expect(progress.finishedWithResourceOpen).toEqual([true]);
    expect(app.get(HandlerResource).closed).toBe(true);
    expect(bus.isConnected()).toBe(false);

    // Acked before the channel closed: nothing went back to the queue.
    const inspector = await fixture.connect('inspector');
    expect(await inspector.inspectQueue(serviceQueueName(test.namespace, 'nest-app', 'events'))).toEqual({ messages: 0, consumers: 0 });
  });
});
