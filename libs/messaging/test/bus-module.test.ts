import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Bus, BusModule } from '@zagel/messaging';
import { createTestNamespace } from '@zagel/testing';
import { BusFixture, eventually, testEvent } from './bus-test-support';

const test = createTestNamespace();
const fixture = new BusFixture(test);
const Greeted = testEvent('greeted');

afterAll(() => fixture.cleanup());

@Injectable()
class GreetingsController implements OnModuleInit {
  readonly received: string[] = [];

  constructor(private readonly bus: Bus) {}

  onModuleInit(): void {
    this.bus.onEvent(Greeted, (payload) => {
      this.received.push(payload.name);
    });
  }
}

@Module({ providers: [GreetingsController] })
class GreetingsModule {}

describe('BusModule', () => {
  it('provides the Bus, starts consuming once handlers are registered, and closes on shutdown', async () => {
    const options = fixture.options('nest-app');
    fixture.track({ service: 'nest-app', retryDelaysMs: options.retryDelaysMs });

    @Module({ imports: [BusModule.forRootAsync({ useFactory: () => options }), GreetingsModule] })
    class AppModule {}

    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    const bus = app.get(Bus);
    expect(bus.isConnected()).toBe(true);

    await bus.publish(Greeted, { name: 'hello', n: 1 });
    const controller = app.get(GreetingsController);
    await eventually(() => (controller.received.length > 0 ? true : undefined));
    expect(controller.received).toEqual(['hello']);

    await app.close();
    expect(bus.isConnected()).toBe(false);
  });
});
