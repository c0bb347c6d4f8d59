import { MASKED_SECRET } from '@zagel/contracts';
import { maskSettings, mergeSettings, validateProviderSettings } from './provider-settings';
import { simulatorAdapterFactory } from './simulator/simulator.factory';
import { ProviderAdapterFactory } from './provider-adapter';

const factory = simulatorAdapterFactory as unknown as ProviderAdapterFactory;

describe('provider settings', () => {
  it('masks credentials and nothing else', () => {
    expect(maskSettings(factory, { webhookSecret: 'abc', latencyMs: 5 })).toEqual({ webhookSecret: MASKED_SECRET, latencyMs: 5 });
  });

  it('keeps a stored secret when the mask is sent back, and drops settings set to null', () => {
    expect(mergeSettings({ webhookSecret: 'abc', latencyMs: 5, down: true }, { webhookSecret: MASKED_SECRET, latencyMs: 9, down: null })).toEqual({
      webhookSecret: 'abc',
      latencyMs: 9,
    });
  });

  it('names every bad or unknown setting', () => {
    const result = validateProviderSettings(factory, { latencyMs: -1, colour: 'blue' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reasons.join(' ')).toMatch(/latencyMs/);
      expect(result.reasons.join(' ')).toMatch(/colour/);
    }
  });
});
