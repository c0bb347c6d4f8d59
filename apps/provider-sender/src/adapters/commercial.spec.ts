import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';
import { MASKED_SECRET } from '@zagel/contracts';
import { COMMERCIAL_ADAPTER_FACTORIES } from './commercial';
import { PROVIDER_KINDS, ProviderAdapterFactory } from './provider-adapter';
import { maskSettings } from './provider-settings';

/** The settings a factory's class declares (every one carries at least one class-validator decorator). */
function declaredSettings(factory: ProviderAdapterFactory): Set<string> {
  return new Set(getMetadataStorage().getTargetValidationMetadatas(factory.settingsClass, '', true, false).map((meta) => meta.propertyName));
}

/** What each provider authenticates with: the settings that must never leave the service unmasked. */
const CREDENTIALS: Record<string, string[]> = {
  twilio: ['authToken'],
  vonage: ['apiSecret', 'signatureSecret'],
  plivo: ['authToken'],
  sns: ['secretAccessKey', 'sessionToken'],
  smsir: ['apiKey'],
  kavenegar: ['apiKey', 'reportToken'],
  clickatell: ['apiKey', 'reportToken'],
  http: ['headers', 'reportSigningSecret'],
  smpp: ['password'],
};

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

  describe.each(COMMERCIAL_ADAPTER_FACTORIES.map((factory) => [factory.kind, factory] as const))('%s secretSettings', (kind, factory) => {
    it('are declared, and each is a setting of its settings class', () => {
      expect(factory.secretSettings?.length).toBeGreaterThan(0);
      const declared = declaredSettings(factory);
      expect(factory.secretSettings!.filter((name) => !declared.has(name))).toEqual([]);
    });

    it("cover the provider's credentials", () => {
      expect(factory.secretSettings).toEqual(expect.arrayContaining(CREDENTIALS[kind]));
    });

    it('are masked by the admin view, and nothing else is', () => {
      const settings = Object.fromEntries([...declaredSettings(factory)].map((name) => [name, `value-of-${name}`]));
      const masked = maskSettings(factory, settings);
      const maskedNames = Object.keys(masked).filter((name) => masked[name] === MASKED_SECRET).sort();
      expect(maskedNames).toEqual([...factory.secretSettings!].sort());
    });
  });
});
