import { createTestNamespace } from '@zagel/testing';
import { BusFixture, eventually, testCommand } from './bus-test-support';

const test = createTestNamespace();
const fixture = new BusFixture(test);

afterAll(() => fixture.cleanup());

describe('delayed commands', () => {
  it('reach the target service only after the delay', async () => {
    const Retry = testCommand('retry');
    const receiver = await fixture.connect('delayed-receiver');
    const received: { name: string; at: number }[] = [];
    receiver.onCommand(Retry, (payload) => {
      received.push({ name: payload.name, at: Date.now() });
    });
    await receiver.start();

    const sender = await fixture.connect('delayed-sender');
    const sentAt = Date.now();
    await sender.sendDelayed(Retry, { service: 'delayed-receiver' }, { name: 'later', n: 1 }, 1_500);
    await sender.send(Retry, { service: 'delayed-receiver' }, { name: 'now', n: 2 });

    await eventually(() => (received.length === 2 ? true : undefined), 10_000);
    expect(received.map((entry) => entry.name)).toEqual(['now', 'later']);
    expect(received[1].at - sentAt).toBeGreaterThanOrEqual(1_400);

    const { channel, close } = await fixture.rawChannel();
    await channel.deleteQueue(test.namespace.bus('delayed-receiver.delay.2000'));
    await close();
  });
});
