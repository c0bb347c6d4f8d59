import { Namespace } from '@zagel/config';
import { delayQueueSpec, MAX_COMMAND_DELAY_MS, roundDelay } from './delay-queues';

describe('roundDelay', () => {
  it('rounds up to 100 ms below a second, seconds below a minute, minutes above', () => {
    expect(roundDelay(0)).toBe(100);
    expect(roundDelay(101)).toBe(200);
    expect(roundDelay(1_000)).toBe(1_000);
    expect(roundDelay(1_001)).toBe(2_000);
    expect(roundDelay(61_000)).toBe(120_000);
    expect(roundDelay(10 * MAX_COMMAND_DELAY_MS)).toBe(MAX_COMMAND_DELAY_MS);
  });
});

describe('delayQueueSpec', () => {
  it('dead-letters to the commands exchange with the target routing key, and expires only after its delay', () => {
    const spec = delayQueueSpec(new Namespace('t1'), { service: 'provider-sender' }, 2_000);
    expect(spec.name).toBe('t1.zagel.provider-sender.delay.2000');
    expect(spec.arguments).toMatchObject({
      'x-message-ttl': 2_000,
      'x-dead-letter-exchange': 't1.zagel.commands',
      'x-dead-letter-routing-key': 'provider-sender',
    });
    expect(spec.arguments['x-expires']).toBeGreaterThan(2_000);
  });
});
