import type { Message } from 'amqplib';
import { AckBatcher } from './ack-batcher';

function message(deliveryTag: number): Message {
  return { fields: { deliveryTag } } as Message;
}

function recordingChannel() {
  const calls: string[] = [];
  return {
    calls,
    channel: {
      ack: (settled: Message, allUpTo = false) => calls.push(`ack ${settled.fields.deliveryTag}${allUpTo ? ' and before' : ''}`),
      nack: (settled: Message, _allUpTo = false, requeue = true) =>
        calls.push(`nack ${settled.fields.deliveryTag}${requeue ? ' requeue' : ''}`),
    },
  };
}

describe('AckBatcher', () => {
  it('acks a run of settled deliveries from the oldest with one multiple ack, in the next turn', async () => {
    const { calls, channel } = recordingChannel();
    const batcher = new AckBatcher(channel, (action) => action());
    const messages = [1, 2, 3, 4].map(message);
    messages.forEach((each) => batcher.received(each));
    messages.forEach((each) => batcher.ack(each));
    expect(calls).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual(['ack 4 and before']);
  });

  it('acks deliveries behind one still in progress one by one, never covering the unsettled one', () => {
    const { calls, channel } = recordingChannel();
    const batcher = new AckBatcher(channel, (action) => action());
    const [first, slow, third, fourth] = [1, 2, 3, 4].map(message);
    [first, slow, third, fourth].forEach((each) => batcher.received(each));
    batcher.ack(fourth);
    batcher.ack(first);
    batcher.ack(third);
    batcher.flush();
    expect(calls).toEqual(['ack 1 and before', 'ack 4', 'ack 3']);

    batcher.ack(slow);
    batcher.flush();
    expect(calls.slice(3)).toEqual(['ack 2 and before']);
  });

  it('nacks at once, and a later multiple ack starts after it', () => {
    const { calls, channel } = recordingChannel();
    const batcher = new AckBatcher(channel, (action) => action());
    const [first, failed, third] = [1, 2, 3].map(message);
    [first, failed, third].forEach((each) => batcher.received(each));
    batcher.nack(failed, true);
    batcher.ack(third);
    batcher.ack(first);
    batcher.flush();
    expect(calls).toEqual(['nack 2 requeue', 'ack 3 and before']);
  });

  it('settles nothing once its channel is gone', async () => {
    const { calls, channel } = recordingChannel();
    const batcher = new AckBatcher(channel, (action) => action());
    const pending = message(1);
    batcher.received(pending);
    batcher.ack(pending);
    batcher.discard();
    await new Promise((resolve) => setImmediate(resolve));
    batcher.nack(message(2), false);
    expect(calls).toEqual([]);
  });
});
