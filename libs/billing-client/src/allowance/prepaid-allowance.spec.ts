import { Namespace } from '@zagel/config';
import { GrantAllowance } from '@zagel/contracts';
import { RedisClient, RedisKeys } from '@zagel/redis';
import { SPEND_ALLOWANCE } from './allowance-scripts';
import { PrepaidAllowance } from './prepaid-allowance';

const organizationId = '01a22ae0-b6b5-7488-aa10-1a46fb46eb88';
const keys = new RedisKeys(new Namespace('t7'));

function allowanceWith(call: jest.Mock, options: { refillAmount?: number } = {}) {
  const errors: unknown[] = [];
  const allowance = new PrepaidAllowance({
    redis: {} as RedisClient,
    keys,
    rpc: { call },
    lowWater: 50,
    refillGuardMs: 2_000,
    onRefillError: (_organization, error) => errors.push(error),
    ...options,
  });
  return { allowance, errors };
}

describe('PrepaidAllowance', () => {
  it('hands out the spend as one EVALSHA for a pipeline: the script, the organization’s keys (one hash tag) and the arguments', () => {
    const { allowance } = allowanceWith(jest.fn());
    expect(allowance.spendCommand(organizationId, 6)).toEqual({
      sha: SPEND_ALLOWANCE.sha,
      keys: [`t7:zagel:allowance:{${organizationId}}:pool`, `t7:zagel:allowance:{${organizationId}}:refill`],
      arguments: ['6', '50', '2000'],
    });
  });

  it('records a spend for a message under the same hash tag, with its pricing and how long it waits for the message’s fate', () => {
    const { allowance } = allowanceWith(jest.fn());
    const messageId = '01a22ae0-b6b5-7488-aa10-1a46fb46eb99';
    const pricing = { country: 'EG', messageType: 'otp' as const, segments: 1 };
    expect(allowance.spendCommand(organizationId, 6, { messageId, pricing, recordTtlMs: 660_000 })).toEqual({
      sha: SPEND_ALLOWANCE.sha,
      keys: [
        `t7:zagel:allowance:{${organizationId}}:pool`,
        `t7:zagel:allowance:{${organizationId}}:refill`,
        `t7:zagel:allowance:{${organizationId}}:spend:${messageId}`,
      ],
      arguments: ['6', '50', '2000', JSON.stringify(pricing), '660000'],
    });
    expect(allowance.giveBackCommand(organizationId, 6, 'a1', messageId).keys).toEqual([
      `t7:zagel:allowance:{${organizationId}}:pool`,
      `t7:zagel:allowance:{${organizationId}}:spend:${messageId}`,
    ]);
  });

  it('reads the script’s answer', () => {
    const { allowance } = allowanceWith(jest.fn());
    expect(allowance.readSpend([1, 94, 0, 'a1'])).toEqual({ spent: true, left: 94, refill: false, allowanceId: 'a1' });
    expect(allowance.readSpend([0, 0, 1, ''])).toEqual({ spent: false, left: 0, refill: true });
    expect(() => allowance.readSpend('OK')).toThrow(/unexpected reply/);
  });

  it('asks billing for a block only when the spend says so, without waiting, and reports a failed refill instead of throwing', async () => {
    let answer: () => void = () => undefined;
    const call = jest.fn(() => new Promise<void>((resolve) => (answer = resolve)));
    const { allowance } = allowanceWith(call, { refillAmount: 500 });
    allowance.afterSpend(organizationId, { spent: true, left: 80, refill: false });
    expect(call).not.toHaveBeenCalled();
    allowance.afterSpend(organizationId, { spent: true, left: 20, refill: true });
    expect(call).toHaveBeenCalledWith(GrantAllowance, { organizationId, amount: 500 }, { timeoutMs: 10_000 });
    answer();

    const failing = allowanceWith(jest.fn(() => Promise.reject(new Error('no reply'))));
    await expect(failing.allowance.refill(organizationId)).resolves.toBeUndefined();
    expect(failing.errors).toEqual([new Error('no reply')]);
  });
});
