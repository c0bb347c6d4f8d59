import { UnroutableMessage } from '@zagel/messaging';
import { createTestNamespace } from '@zagel/testing';
import { BusFixture, eventually, testCommand } from './bus-test-support';

const test = createTestNamespace();
const fixture = new BusFixture(test);

afterAll(() => fixture.cleanup());

describe('commands', () => {
  it('reach the service queue, or the one instance they are addressed to', async () => {
    const SendViaProvider = testCommand('send');
    const PushToPhone = testCommand('push');
    const sender = await fixture.connect('sender');
    const sent: string[] = [];
    sender.onCommand(SendViaProvider, (payload) => {
      sent.push(payload.name);
    });
    await sender.start();

    const gateway = await fixture.connect('gateway', { instanceId: 'gw-1' });
    const pushed: string[] = [];
    gateway.onCommand(
      PushToPhone,
      (payload) => {
        pushed.push(payload.name);
      },
      { perInstance: true },
    );
    await gateway.start();

    const dispatcher = await fixture.connect('dispatcher');
    await dispatcher.send(SendViaProvider, { service: 'sender' }, { name: 'via-twilio', n: 1 });
    await dispatcher.send(PushToPhone, { service: 'gateway', instanceId: 'gw-1' }, { name: 'to-phone', n: 2 });
    await eventually(() => (sent.length === 1 && pushed.length === 1 ? true : undefined));
    expect(sent).toEqual(['via-twilio']);
    expect(pushed).toEqual(['to-phone']);
  });

  it('fail with UnroutableMessage when no queue takes them', async () => {
    const Orphan = testCommand('orphan');
    const dispatcher = await fixture.connect('lost-dispatcher');
    const toDeadInstance = dispatcher.send(Orphan, { service: 'gateway', instanceId: 'gw-gone' }, { name: 'x', n: 1 });
    await expect(toDeadInstance).rejects.toBeInstanceOf(UnroutableMessage);
    await expect(dispatcher.send(Orphan, { service: 'nobody' }, { name: 'x', n: 1 })).rejects.toMatchObject({
      routingKey: 'nobody',
      type: Orphan.type,
    });
    expect(dispatcher.unconfirmed()).toBe(0);
  });
});
