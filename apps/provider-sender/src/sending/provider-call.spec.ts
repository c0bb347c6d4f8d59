import { ProviderAdapter } from '../adapters/provider-adapter';
import { acceptanceWindowMs, mayStillBeTaken } from './provider-call';

const blind = { kind: 'simulator' } as ProviderAdapter;
const asking = { kind: 'http', findSubmitted: () => Promise.resolve(null) } as unknown as ProviderAdapter;

describe('mayStillBeTaken', () => {
  it('holds for a submit without an answer at a provider that can say whether it took it', () => {
    expect(['timeout', 'network', 'provider_error'].map((code) => mayStillBeTaken(code, asking))).toEqual([true, true, true]);
  });

  it('does not hold for an answered refusal, nor at a provider that cannot say', () => {
    expect(mayStillBeTaken('provider_unavailable', asking)).toBe(false);
    expect(mayStillBeTaken('timeout', blind)).toBe(false);
  });
});

describe('acceptanceWindowMs', () => {
  it('is the submit timeout unless set', () => {
    expect(acceptanceWindowMs({ PROVIDER_SUBMIT_TIMEOUT_MS: 15_000 })).toBe(15_000);
    expect(acceptanceWindowMs({ PROVIDER_SUBMIT_TIMEOUT_MS: 15_000, PROVIDER_ACCEPTANCE_WINDOW_MS: 0 })).toBe(0);
  });
});
