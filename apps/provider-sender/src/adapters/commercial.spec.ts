import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { COMMERCIAL_ADAPTER_FACTORIES } from './commercial';
import { PROVIDER_KINDS } from './provider-adapter';

describe('COMMERCIAL_ADAPTER_FACTORIES', () => {
  it('has one factory for every provider kind but the simulator', () => {
    const kinds = COMMERCIAL_ADAPTER_FACTORIES.map((factory) => factory.kind).sort();
    expect(kinds).toEqual(PROVIDER_KINDS.filter((kind) => kind !== 'simulator').sort());
  });

  it('each settings class rejects an empty account', () => {
    for (const factory of COMMERCIAL_ADAPTER_FACTORIES) {
      const errors = validateSync(plainToInstance(factory.settingsClass, {}));
      expect({ kind: factory.kind, invalid: errors.length > 0 }).toEqual({ kind: factory.kind, invalid: true });
    }
  });

  it('validates a complete Twilio account and refuses a malformed SID', () => {
    const twilio = COMMERCIAL_ADAPTER_FACTORIES.find((factory) => factory.kind === 'twilio')!;
    const good = { accountSid: `AC${'a'.repeat(32)}`, authToken: 't', from: '+14155550100', apiBaseUrl: 'http://127.0.0.1:4010' };
    expect(validateSync(plainToInstance(twilio.settingsClass, good))).toEqual([]);
    expect(validateSync(plainToInstance(twilio.settingsClass, { ...good, accountSid: 'XX1' }))).not.toEqual([]);
  });
});
