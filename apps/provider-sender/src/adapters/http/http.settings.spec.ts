import { validateProviderSettings } from '../provider-settings';
import { httpGatewayAdapterFactory } from './http.adapter';

const base = { method: 'POST', urlTemplate: 'https://gw.example/send', bodyFormat: 'none', providerIdPath: 'id' };

describe('HttpGatewaySettings.recipientErrorCodes', () => {
  it("accepts a map from the gateway's codes onto Zagel's recipient error codes", () => {
    const settings = { ...base, recipientErrorCodes: { E_BAD_MSISDN: 'invalid_number', E_STOP: 'unsubscribed_number', E_FIXED: 'landline_number' } };
    expect(validateProviderSettings(httpGatewayAdapterFactory, settings)).toMatchObject({ ok: true });
  });

  it.each([
    ['a value that is not a recipient error code', { E_X: 'provider_down' }],
    ['a non-string value', { E_X: 1 }],
    ['an array', ['invalid_number']],
  ])('refuses %s', (_, recipientErrorCodes) => {
    const result = validateProviderSettings(httpGatewayAdapterFactory, { ...base, recipientErrorCodes });
    expect(result).toMatchObject({ ok: false, reasons: [expect.stringContaining('recipientErrorCodes')] });
  });
});
